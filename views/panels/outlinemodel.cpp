#include "panels/outlinemodel.h"

#include "core/schema.h"
#include "panels/icons.h"

#include <QTimer>

namespace stackplan {

OutlineModel::OutlineModel(Document *document, QObject *parent)
    : QAbstractItemModel(parent)
    , m_document(document)
{
    rebuild();
    // Structural changes come in bursts (a removal takes its links along):
    // rebuild once, after the burst.
    for (auto signal : {&Document::designReset, &Document::propertiesChanged})
        connect(document, signal, this, [this] { scheduleRebuild(); });
    for (auto signal : {&Document::hostAdded, &Document::hostRemoved, &Document::componentAdded,
                        &Document::componentRemoved, &Document::linkAdded, &Document::linkRemoved,
                        &Document::noteAdded, &Document::noteRemoved})
        connect(document, signal, this, [this](const QString &) { scheduleRebuild(); });
    // A component moving to another host changes the tree; other changes
    // only change text.
    for (auto signal : {&Document::hostChanged, &Document::componentChanged, &Document::linkChanged,
                        &Document::noteChanged})
        connect(document, signal, this, &OutlineModel::elementChanged);
    connect(document, &Document::changed, this, [this] {
        if (m_rebuildPending)
            rebuild();
    });
}

OutlineModel::~OutlineModel() = default;

void OutlineModel::scheduleRebuild()
{
    m_rebuildPending = true;
}

void OutlineModel::elementChanged(const QString &id)
{
    Node *node = m_nodes.value(id);
    if (!node)
        return;
    if (const Component *c = m_document->design().component(id)) {
        const QString parentId = node->parent ? node->parent->id : QString();
        if (parentId != c->host) {
            scheduleRebuild();
            return;
        }
    }
    const QModelIndex i = indexOfNode(node);
    emit dataChanged(i, i);
}

void OutlineModel::rebuild()
{
    m_rebuildPending = false;
    beginResetModel();
    m_root.children.clear();
    m_nodes.clear();
    const Design &design = m_document->design();
    auto add = [this](Node *parent, const QString &id, const QString &group = QString()) {
        auto node = std::make_unique<Node>();
        node->id = id;
        node->group = group;
        node->parent = parent;
        node->row = int(parent->children.size());
        Node *raw = node.get();
        parent->children.push_back(std::move(node));
        if (!id.isEmpty())
            m_nodes.insert(id, raw);
        return raw;
    };
    QHash<QString, Node *> hostNodes;
    for (const Host &h : design.hosts)
        hostNodes.insert(h.id, add(&m_root, h.id));
    for (const Component &c : design.components) {
        Node *parent = c.host.isEmpty() ? &m_root : hostNodes.value(c.host, &m_root);
        add(parent, c.id);
    }
    if (!design.links.isEmpty()) {
        Node *links = add(&m_root, QString(), QStringLiteral("links"));
        for (const Link &l : design.links)
            add(links, l.id);
    }
    if (!design.notes.isEmpty()) {
        Node *notes = add(&m_root, QString(), QStringLiteral("notes"));
        for (const Note &n : design.notes)
            add(notes, n.id);
    }
    endResetModel();
}

OutlineModel::Node *OutlineModel::nodeOf(const QModelIndex &index) const
{
    if (!index.isValid())
        return const_cast<Node *>(&m_root);
    return static_cast<Node *>(index.internalPointer());
}

QModelIndex OutlineModel::indexOfNode(const Node *node) const
{
    if (!node || node == &m_root)
        return {};
    return createIndex(node->row, 0, const_cast<Node *>(node));
}

QModelIndex OutlineModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Node *p = nodeOf(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children[size_t(row)].get());
}

QModelIndex OutlineModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

int OutlineModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int OutlineModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QString OutlineModel::idOf(const QModelIndex &index) const
{
    return index.isValid() ? nodeOf(index)->id : QString();
}

QModelIndex OutlineModel::indexOf(const QString &id) const
{
    return indexOfNode(m_nodes.value(id));
}

Qt::ItemFlags OutlineModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node *node = nodeOf(index);
    if (node->id.isEmpty())
        return Qt::ItemIsEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (node->children.empty())
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QVariant OutlineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeOf(index);
    const Design &design = m_document->design();
    if (node->id.isEmpty()) {
        const bool links = node->group == QLatin1String("links");
        switch (role) {
        case Qt::DisplayRole:
            return (links ? tr("Links (%1)") : tr("Notes (%1)")).arg(node->children.size());
        case Qt::DecorationRole:
            return links ? linkIcon() : noteIcon();
        default:
            return {};
        }
    }
    if (role == IdRole)
        return node->id;
    if (role == TypeRole)
        return int(design.elementType(node->id));
    if (const Host *h = design.host(node->id)) {
        switch (role) {
        case Qt::DisplayRole:
            return h->address.isEmpty()
                       ? h->effectiveHostname()
                       : QStringLiteral("%1  ·  %2").arg(h->effectiveHostname(), h->address);
        case Qt::DecorationRole:
            return hostIcon();
        case Qt::ToolTipRole:
            return tr("Host %1").arg(h->id);
        default:
            return {};
        }
    }
    if (const Component *c = design.component(node->id)) {
        switch (role) {
        case Qt::DisplayRole:
            return c->displayLabel() == c->id
                       ? c->id
                       : QStringLiteral("%1  (%2)").arg(c->displayLabel(), c->id);
        case Qt::DecorationRole:
            return kindIcon(c->kind);
        case Qt::ToolTipRole:
            return QStringLiteral("%1 %2").arg(kindTitle(c->kind), c->id);
        default:
            return {};
        }
    }
    if (const Link *l = design.link(node->id)) {
        switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1 → %2  %3:%4")
                .arg(l->from, l->to, design.effectiveProtocol(*l))
                .arg(design.effectivePort(*l));
        case Qt::DecorationRole:
            return linkIcon();
        case Qt::ToolTipRole:
            return tr("Link %1").arg(l->id);
        default:
            return {};
        }
    }
    if (const Note *n = design.note(node->id)) {
        switch (role) {
        case Qt::DisplayRole: {
            const QString first = n->text.section(QLatin1Char('\n'), 0, 0);
            return first.size() > 40 ? first.left(39) + QChar(0x2026) : first;
        }
        case Qt::DecorationRole:
            return noteIcon();
        default:
            return {};
        }
    }
    return {};
}

} // namespace stackplan
