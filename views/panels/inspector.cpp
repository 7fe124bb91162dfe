#include "panels/inspector.h"

#include "core/grammar.h"
#include "panels/icons.h"
#include "panels/selection.h"
#include "panels/wording.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace stackplan {

namespace {

QString fieldTitle(const QString &key)
{
    QString t = key;
    t.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!t.isEmpty())
        t[0] = t[0].toUpper();
    // Common abbreviations read better in capitals.
    for (const char *word : {"Http", "Https", "Tls", "Hsts", "Ttl", "Vip", "Ms", "Id"}) {
        const QString w = QString::fromLatin1(word);
        if (t.startsWith(w + QLatin1Char(' ')) || t == w)
            t.replace(0, w.size(), w.toUpper());
        t.replace(QLatin1Char(' ') + w.toLower(), QLatin1Char(' ') + w.toUpper());
    }
    return t;
}

QString portsText(const QJsonValue &value)
{
    QStringList parts;
    for (const QJsonValue &v : value.toArray())
        parts.append(QString::number(v.toInt()));
    return parts.join(QStringLiteral(", "));
}

QString portsText(const QList<int> &ports)
{
    QStringList parts;
    for (int p : ports)
        parts.append(QString::number(p));
    return parts.join(QStringLiteral(", "));
}

// Parses "80, 443"; on failure *reason says which item is wrong.
std::optional<QJsonArray> parsePorts(const QString &text, QString *reason)
{
    QJsonArray ports;
    const QStringList items =
        text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
    for (const QString &item : items) {
        QString why;
        if (!matchesGrammar(Grammar::Port, item, &why)) {
            if (reason)
                *reason = QObject::tr("\"%1\": %2").arg(item, why);
            return std::nullopt;
        }
        ports.append(item.toInt());
    }
    return ports;
}

void setInvalid(QWidget *widget, bool invalid)
{
    if (widget->property("invalid").toBool() == invalid)
        return;
    widget->setProperty("invalid", invalid);
    widget->setStyleSheet(invalid ? QStringLiteral("QLineEdit { border: 1px solid #d63a3a; "
                                                   "border-radius: 3px; padding: 2px; }")
                                  : QString());
}

} // namespace

Inspector::Inspector(Document *document, Selection *selection, QWidget *parent)
    : QScrollArea(parent)
    , m_document(document)
    , m_selection(selection)
{
    setObjectName(QStringLiteral("inspector"));
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    // Descriptions wrap to the panel's width instead of widening it.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(selection, &Selection::changed, this, &Inspector::rebuild);
    connect(document, &Document::changed, this, [this] {
        // Rebuild when what is shown vanished or became something else
        // (undo of an addition); otherwise refresh the values in place.
        const ElementType now =
            m_shownId.isEmpty() ? ElementType::None : m_document->design().elementType(m_shownId);
        if (now != m_shownType)
            rebuild();
        else
            refresh();
    });
    rebuild();
}

QWidget *Inspector::editorFor(const QString &key) const
{
    return m_editors.value(key);
}

QLabel *Inspector::feedbackFor(const QString &key) const
{
    return m_feedback.value(key);
}

void Inspector::edit(const QString &text, const std::function<void()> &change)
{
    m_document->beginMacro(text);
    change();
    m_document->endMacro();
}

void Inspector::refresh()
{
    for (const auto &r : std::as_const(m_refreshers))
        r();
}

void Inspector::rebuild()
{
    m_refreshers.clear();
    m_editors.clear();
    m_feedback.clear();
    const Design &design = m_document->design();
    const QStringList ids = m_selection->ids();
    m_shownId = ids.size() == 1 ? ids.front() : QString();
    m_shownType = m_shownId.isEmpty() ? ElementType::None : design.elementType(m_shownId);
    if (m_shownType == ElementType::None)
        m_shownId.clear();

    auto *content = new QWidget;
    content->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(8);
    if (ids.size() > 1) {
        layout->addWidget(header(QIcon(), tr("%1 elements selected").arg(ids.size()),
                                 ids.mid(0, 6).join(QStringLiteral(", ")) +
                                     (ids.size() > 6 ? QStringLiteral(", …") : QString())));
    } else if (const Component *c = design.component(m_shownId)) {
        buildComponent(layout, *c);
    } else if (const Host *h = design.host(m_shownId)) {
        buildHost(layout, *h);
    } else if (const Link *l = design.link(m_shownId)) {
        buildLink(layout, *l);
    } else if (const Note *n = design.note(m_shownId)) {
        buildNote(layout, *n);
    } else {
        buildDesign(layout);
    }
    layout->addStretch(1);
    QWidget *old = takeWidget();
    setWidget(content);
    m_content = content;
    if (old)
        old->deleteLater();
}

QWidget *Inspector::header(const QIcon &icon, const QString &title, const QString &subtitle)
{
    auto *box = new QWidget;
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 4);
    if (!icon.isNull()) {
        auto *iconLabel = new QLabel;
        iconLabel->setPixmap(icon.pixmap(32, 32));
        row->addWidget(iconLabel, 0, Qt::AlignTop);
    }
    auto *texts = new QVBoxLayout;
    texts->setSpacing(0);
    auto *titleLabel = new QLabel(title);
    QFont f = titleLabel->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    titleLabel->setFont(f);
    titleLabel->setObjectName(QStringLiteral("inspectorTitle"));
    texts->addWidget(titleLabel);
    if (!subtitle.isEmpty()) {
        auto *sub = new QLabel(subtitle);
        sub->setWordWrap(true);
        sub->setForegroundRole(QPalette::PlaceholderText);
        texts->addWidget(sub);
    }
    row->addLayout(texts, 1);
    return box;
}

void Inspector::addDescription(QFormLayout *form, const QString &text)
{
    if (text.isEmpty())
        return;
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    label->setFont(f);
    form->addRow(QString(), label);
}

QLineEdit *Inspector::addTextField(QFormLayout *form, const QString &key, const QString &title,
                                   const QString &description, std::function<QString()> value,
                                   std::function<bool(const QString &, QString *)> validate,
                                   std::function<void(const QString &)> commit,
                                   const QString &placeholder)
{
    auto *line = new QLineEdit;
    line->setObjectName(QStringLiteral("field:") + key);
    line->setPlaceholderText(placeholder);
    line->setToolTip(description);
    line->setClearButtonEnabled(true);
    auto *feedback = new QLabel;
    feedback->setObjectName(QStringLiteral("feedback:") + key);
    feedback->setWordWrap(true);
    feedback->setStyleSheet(QStringLiteral("color: #d63a3a;"));
    feedback->hide();
    form->addRow(title, line);
    form->addRow(QString(), feedback);
    addDescription(form, description);

    auto check = [line, feedback, validate] {
        QString reason;
        const bool ok = validate(line->text(), &reason);
        setInvalid(line, !ok);
        feedback->setText(reason);
        feedback->setVisible(!ok);
        return ok;
    };
    connect(line, &QLineEdit::textChanged, line, [check] { check(); });
    connect(line, &QLineEdit::editingFinished, this, [line, check, value, commit] {
        if (!line->isModified())
            return;
        if (!check())
            return;
        line->setModified(false);
        if (line->text() != value())
            commit(line->text());
    });
    auto refresh = [line, value, check] {
        // Leave a value being typed alone; undo or a quick fix elsewhere
        // updates it once editing is over.
        if (line->isModified())
            return;
        const QString v = value();
        if (line->text() != v)
            line->setText(v);
        check();
    };
    refresh();
    m_refreshers.append(refresh);
    m_editors.insert(key, line);
    m_feedback.insert(key, feedback);
    return line;
}

void Inspector::buildDesign(QVBoxLayout *layout)
{
    QWidget *head = header(QIcon(), tr("Design"), QStringLiteral(" "));
    layout->addWidget(head);
    if (auto *sub = head->findChildren<QLabel *>().value(1)) {
        auto counts = [doc = m_document, sub] {
            const Design &dd = doc->design();
            sub->setText(plural(dd.hosts.size(), tr("host"), tr("hosts")) + QStringLiteral(" · ") +
                         plural(dd.components.size(), tr("component"), tr("components")) +
                         QStringLiteral(" · ") + plural(dd.links.size(), tr("link"), tr("links")));
        };
        counts();
        m_refreshers.append(counts);
    }
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);
    Document *doc = m_document;
    addTextField(
        form, QStringLiteral("name"), tr("Name"), tr("The design's name, shown in exports."),
        [doc] { return doc->design().name; },
        [](const QString &v, QString *reason) {
            if (v.size() > MaxNameLength) {
                *reason = tr("at most %1 characters").arg(MaxNameLength);
                return false;
            }
            return matchesGrammar(Grammar::Text, v, reason);
        },
        [this](const QString &v) {
            edit(tr("Rename design"),
                 [this, v] { m_document->setDesignField(DesignField::Name, v); });
        });
    addTextField(
        form, QStringLiteral("domain"), tr("Domain"),
        tr("The name users type in their browser; the DNS record and the web servers use it."),
        [doc] { return doc->design().domain; },
        [](const QString &v, QString *reason) {
            return matchesGrammar(Grammar::Domain, v, reason);
        },
        [this](const QString &v) {
            edit(tr("Set domain"),
                 [this, v] { m_document->setDesignField(DesignField::Domain, v); });
        });
    auto *hint = new QLabel(tr("Select an element on the canvas or in the outline to edit it."));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);
}

void Inspector::buildComponent(QVBoxLayout *layout, const Component &component)
{
    const KindSpec &spec = kindSpec(component.kind);
    const QString id = component.id;
    Document *doc = m_document;
    layout->addWidget(header(kindIcon(component.kind), spec.title,
                             id + QStringLiteral(" — ") + spec.description));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);
    addTextField(
        form, QStringLiteral("label"), tr("Label"),
        tr("Shown on the canvas; empty for the default."),
        [doc, id] {
            const Component *c = doc->design().component(id);
            return c ? c->label : QString();
        },
        [](const QString &v, QString *reason) {
            if (v.size() > MaxNameLength) {
                *reason = tr("at most %1 characters").arg(MaxNameLength);
                return false;
            }
            return matchesGrammar(Grammar::Text, v, reason);
        },
        [this, id](const QString &v) {
            edit(tr("Rename %1").arg(id), [this, id, v] { m_document->setComponentLabel(id, v); });
        },
        [&] {
            Component c = component;
            c.label.clear();
            return c.displayLabel();
        }());

    auto *hostBox = new QComboBox;
    hostBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    hostBox->setMinimumContentsLength(8);
    hostBox->setObjectName(QStringLiteral("field:host"));
    form->addRow(tr("Runs on"), hostBox);
    m_editors.insert(QStringLiteral("host"), hostBox);
    if (!spec.mayHaveHost)
        hostBox->setEnabled(false);
    auto refreshHost = [doc, id, hostBox] {
        const Component *c = doc->design().component(id);
        if (!c)
            return;
        QSignalBlocker block(hostBox);
        // Refill only when the hosts changed: a large design has thousands.
        QString signature;
        for (const Host &h : doc->design().hosts)
            signature += h.id + QLatin1Char('=') + h.hostname + QLatin1Char(';');
        if (hostBox->property("hosts").toString() != signature || hostBox->count() == 0) {
            hostBox->clear();
            hostBox->addItem(QObject::tr("Its own machine"), QString());
            const QIcon icon = hostIcon();
            for (const Host &h : doc->design().hosts)
                hostBox->addItem(icon, h.effectiveHostname(), h.id);
            hostBox->setProperty("hosts", signature);
        }
        hostBox->setCurrentIndex(qMax(0, hostBox->findData(c->host)));
    };
    refreshHost();
    m_refreshers.append(refreshHost);
    connect(hostBox, &QComboBox::activated, this, [this, id, hostBox] {
        const QString host = hostBox->currentData().toString();
        const Component *c = m_document->design().component(id);
        if (!c || c->host == host)
            return;
        edit(tr("Move %1 to %2").arg(id, host.isEmpty() ? tr("its own machine") : host),
             [this, id, host] { m_document->setComponentHost(id, host, std::nullopt); });
    });

    if (spec.settings.isEmpty())
        return;
    auto *settingsTitle = new QLabel(tr("Settings"));
    QFont f = settingsTitle->font();
    f.setBold(true);
    settingsTitle->setFont(f);
    layout->addSpacing(4);
    layout->addWidget(settingsTitle);
    auto *settingsForm = new QFormLayout;
    settingsForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(settingsForm);
    for (const SettingSpec &s : spec.settings) {
        if (s.type == SettingType::Object) {
            auto *group = new QGroupBox(fieldTitle(s.key));
            group->setToolTip(s.description);
            auto *groupForm = new QFormLayout(group);
            groupForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            for (const SettingSpec &field : s.fields)
                buildSetting(groupForm, id, field, s.key + QLatin1Char('.'));
            settingsForm->addRow(group);
        } else {
            buildSetting(settingsForm, id, s, QString());
        }
    }
}

void Inspector::buildSetting(QFormLayout *form, const QString &componentId, const SettingSpec &spec,
                             const QString &prefix)
{
    const QString key = prefix + spec.key;
    const QString title = fieldTitle(spec.key);
    Document *doc = m_document;
    const QString id = componentId;
    auto current = [doc, id, key] {
        const Component *c = doc->design().component(id);
        return c ? c->setting(key) : QJsonValue();
    };
    auto set = [this, id, key, title](const QJsonValue &v) {
        edit(tr("Set %1 of %2").arg(title.toLower(), id),
             [this, id, key, v] { m_document->setSetting(id, key, v); });
    };
    switch (spec.type) {
    case SettingType::Bool: {
        auto *box = new QCheckBox(tr("On"));
        box->setObjectName(QStringLiteral("field:") + key);
        box->setToolTip(spec.description);
        form->addRow(title, box);
        addDescription(form, spec.description);
        auto refresh = [box, current] {
            QSignalBlocker block(box);
            box->setChecked(current().toBool());
        };
        refresh();
        m_refreshers.append(refresh);
        connect(box, &QCheckBox::toggled, this, [set](bool on) { set(on); });
        m_editors.insert(key, box);
        return;
    }
    case SettingType::Int: {
        auto *spin = new QSpinBox;
        spin->setObjectName(QStringLiteral("field:") + key);
        spin->setRange(spec.minimum, spec.maximum);
        spin->setKeyboardTracking(false);
        spin->setToolTip(spec.description);
        spin->setGroupSeparatorShown(spec.grammar != Grammar::Port && spec.maximum > 99999);
        form->addRow(title, spin);
        addDescription(form, spec.description);
        auto refresh = [spin, current] {
            QSignalBlocker block(spin);
            spin->setValue(current().toInt());
        };
        refresh();
        m_refreshers.append(refresh);
        connect(spin, &QSpinBox::valueChanged, this, [set, current](int v) {
            if (current().toInt() != v)
                set(v);
        });
        m_editors.insert(key, spin);
        return;
    }
    case SettingType::Enum: {
        auto *combo = new QComboBox;
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(8);
        combo->setObjectName(QStringLiteral("field:") + key);
        combo->setToolTip(spec.description);
        for (const QString &a : spec.allowed)
            combo->addItem(a, a);
        form->addRow(title, combo);
        addDescription(form, spec.description);
        auto refresh = [combo, current] {
            QSignalBlocker block(combo);
            combo->setCurrentIndex(combo->findData(current().toString()));
        };
        refresh();
        m_refreshers.append(refresh);
        connect(combo, &QComboBox::activated, this, [combo, set, current] {
            const QString v = combo->currentData().toString();
            if (current().toString() != v)
                set(v);
        });
        m_editors.insert(key, combo);
        return;
    }
    case SettingType::IntList: {
        addTextField(
            form, key, title, spec.description, [current] { return portsText(current()); },
            [](const QString &v, QString *reason) { return parsePorts(v, reason).has_value(); },
            [set](const QString &v) {
                if (const auto ports = parsePorts(v, nullptr))
                    set(*ports);
            },
            tr("ports, separated by commas"));
        return;
    }
    case SettingType::String: {
        const Grammar grammar = spec.grammar;
        const bool allowEmpty = spec.allowEmpty;
        const QString grammarTitle = grammarName(grammar);
        QString placeholder = spec.defaultValue.toString();
        if (placeholder.isEmpty())
            placeholder = tr("derived (%1)").arg(grammarTitle);
        addTextField(
            form, key, title, spec.description, [current] { return current().toString(); },
            [grammar, allowEmpty, grammarTitle](const QString &v, QString *reason) {
                if (v.isEmpty()) {
                    if (!allowEmpty)
                        *reason = tr("required: a %1").arg(grammarTitle);
                    return allowEmpty;
                }
                QString why;
                if (matchesGrammar(grammar, v, &why))
                    return true;
                *reason = tr("Not a valid %1: %2").arg(grammarTitle, why);
                return false;
            },
            [set](const QString &v) { set(v); }, placeholder);
        return;
    }
    case SettingType::Object:
        return;
    }
}

void Inspector::buildHost(QVBoxLayout *layout, const Host &host)
{
    const QString id = host.id;
    Document *doc = m_document;
    layout->addWidget(header(hostIcon(), tr("Host %1").arg(id),
                             tr("A machine. Components dropped into it run there.")));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);
    auto textField = [&](const QString &key, const QString &title, const QString &description,
                         Grammar grammar, HostField field, auto getter,
                         const QString &placeholder) {
        const QString grammarTitle = grammarName(grammar);
        addTextField(
            form, key, title, description,
            [doc, id, getter] {
                const Host *h = doc->design().host(id);
                return h ? getter(*h) : QString();
            },
            [grammar, grammarTitle](const QString &v, QString *reason) {
                if (v.isEmpty())
                    return true;
                QString why;
                if (matchesGrammar(grammar, v, &why))
                    return true;
                *reason = tr("Not a valid %1: %2").arg(grammarTitle, why);
                return false;
            },
            [this, id, field, title](const QString &v) {
                edit(tr("Set %1 of %2").arg(title.toLower(), id),
                     [this, id, field, v] { m_document->setHostField(id, field, v); });
            },
            placeholder);
    };
    textField(
        QStringLiteral("hostname"), tr("Hostname"), tr("The machine's name; empty for its id."),
        Grammar::Hostname, HostField::Hostname, [](const Host &h) { return h.hostname; }, id);
    textField(
        QStringLiteral("address"), tr("Address"),
        tr("The IPv4 or IPv6 address the other machines reach it at."), Grammar::Address,
        HostField::Address, [](const Host &h) { return h.address; }, tr("not assigned"));
    textField(
        QStringLiteral("zone"), tr("Zone"),
        tr("The failure domain (rack, data centre): hosts in one zone fail together."),
        Grammar::Zone, HostField::Zone, [](const Host &h) { return h.zone; }, tr("none"));

    auto flag = [&](const QString &key, const QString &title, const QString &text, HostField field,
                    bool Host::*member) {
        auto *box = new QCheckBox(text);
        box->setObjectName(QStringLiteral("field:") + key);
        form->addRow(title, box);
        auto refresh = [doc, id, box, member] {
            const Host *h = doc->design().host(id);
            if (!h)
                return;
            QSignalBlocker block(box);
            box->setChecked(h->*member);
        };
        refresh();
        m_refreshers.append(refresh);
        connect(box, &QCheckBox::toggled, this, [this, id, field, title](bool on) {
            edit(tr("Set %1 of %2").arg(title.toLower(), id),
                 [this, id, field, on] { m_document->setHostField(id, field, on); });
        });
        m_editors.insert(key, box);
    };
    flag(QStringLiteral("firewall"), tr("Firewall"), tr("Drops traffic not explicitly allowed"),
         HostField::FirewallEnabled, &Host::firewallEnabled);
    addTextField(
        form, QStringLiteral("firewall.allow"), tr("Allowed ports"),
        tr("Ports open to everyone; the ports of the design's own links are opened for their "
           "sources only."),
        [doc, id] {
            const Host *h = doc->design().host(id);
            return h ? portsText(h->firewallAllow) : QString();
        },
        [](const QString &v, QString *reason) { return parsePorts(v, reason).has_value(); },
        [this, id](const QString &v) {
            if (const auto ports = parsePorts(v, nullptr))
                edit(tr("Set allowed ports of %1").arg(id), [this, id, p = *ports] {
                    m_document->setHostField(id, HostField::FirewallAllow, p);
                });
        },
        tr("none"));
    flag(QStringLiteral("monitoring"), tr("Monitoring"), tr("Runs a monitoring agent"),
         HostField::Monitoring, &Host::monitoring);

    const auto components = doc->design().componentsOnHost(id);
    if (!components.isEmpty()) {
        QStringList names;
        for (const Component *c : components)
            names.append(c->displayLabel() + QStringLiteral(" (") + c->id + QLatin1Char(')'));
        auto *runs = new QLabel(tr("Runs: %1").arg(names.join(QStringLiteral(", "))));
        runs->setWordWrap(true);
        layout->addWidget(runs);
    }
}

void Inspector::buildLink(QVBoxLayout *layout, const Link &link)
{
    const QString id = link.id;
    Document *doc = m_document;
    const Design &design = doc->design();
    layout->addWidget(header(linkIcon(), tr("Link %1").arg(id),
                             QStringLiteral("%1 → %2").arg(link.from, link.to)));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);

    auto *protocol = new QComboBox;
    protocol->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    protocol->setMinimumContentsLength(8);
    protocol->setObjectName(QStringLiteral("field:protocol"));
    const Component *target = design.component(link.to);
    const QString derived = target ? defaultProtocolFor(target->kind) : QString();
    protocol->addItem(tr("Default (%1)").arg(derived), QString());
    for (const QString &p : allProtocols())
        protocol->addItem(p, p);
    form->addRow(tr("Protocol"), protocol);
    m_editors.insert(QStringLiteral("protocol"), protocol);
    auto refreshProtocol = [doc, id, protocol] {
        const Link *l = doc->design().link(id);
        if (!l)
            return;
        QSignalBlocker block(protocol);
        protocol->setCurrentIndex(qMax(0, protocol->findData(l->protocol)));
    };
    refreshProtocol();
    m_refreshers.append(refreshProtocol);
    connect(protocol, &QComboBox::activated, this, [this, id, protocol] {
        const QString v = protocol->currentData().toString();
        const Link *l = m_document->design().link(id);
        if (l && l->protocol != v)
            edit(tr("Set protocol of %1").arg(id),
                 [this, id, v] { m_document->setLinkField(id, LinkField::Protocol, v); });
    });

    auto *port = new QSpinBox;
    port->setObjectName(QStringLiteral("field:port"));
    port->setRange(0, 65535);
    port->setKeyboardTracking(false);
    form->addRow(tr("Port"), port);
    m_editors.insert(QStringLiteral("port"), port);
    auto refreshPort = [doc, id, port] {
        const Link *l = doc->design().link(id);
        if (!l)
            return;
        QSignalBlocker block(port);
        Link derivedLink = *l;
        derivedLink.port.reset();
        port->setSpecialValueText(
            QObject::tr("Default (%1)").arg(doc->design().effectivePort(derivedLink)));
        port->setValue(l->port.value_or(0));
    };
    refreshPort();
    m_refreshers.append(refreshPort);
    connect(port, &QSpinBox::valueChanged, this, [this, id](int v) {
        const Link *l = m_document->design().link(id);
        if (!l || l->port.value_or(0) == v)
            return;
        edit(tr("Set port of %1").arg(id), [this, id, v] {
            m_document->setLinkField(id, LinkField::Port, v == 0 ? QJsonValue() : QJsonValue(v));
        });
    });

    addTextField(
        form, QStringLiteral("label"), tr("Label"), QString(),
        [doc, id] {
            const Link *l = doc->design().link(id);
            return l ? l->label : QString();
        },
        [](const QString &v, QString *reason) {
            if (v.size() > MaxNameLength) {
                *reason = tr("at most %1 characters").arg(MaxNameLength);
                return false;
            }
            return matchesGrammar(Grammar::Text, v, reason);
        },
        [this, id](const QString &v) {
            edit(tr("Label %1").arg(id),
                 [this, id, v] { m_document->setLinkField(id, LinkField::Label, v); });
        });

    auto *reads = new QCheckBox(tr("Only reads (a replica may serve it)"));
    reads->setObjectName(QStringLiteral("field:reads_only"));
    form->addRow(tr("Reads only"), reads);
    m_editors.insert(QStringLiteral("reads_only"), reads);
    auto refreshReads = [doc, id, reads] {
        const Link *l = doc->design().link(id);
        if (!l)
            return;
        QSignalBlocker block(reads);
        reads->setChecked(l->readsOnly);
    };
    refreshReads();
    m_refreshers.append(refreshReads);
    connect(reads, &QCheckBox::toggled, this, [this, id](bool on) {
        edit(tr("Set reads only of %1").arg(id),
             [this, id, on] { m_document->setLinkField(id, LinkField::ReadsOnly, on); });
    });
}

void Inspector::buildNote(QVBoxLayout *layout, const Note &note)
{
    const QString id = note.id;
    Document *doc = m_document;
    layout->addWidget(header(noteIcon(), tr("Note"), id));
    auto *text = new QPlainTextEdit;
    text->setObjectName(QStringLiteral("field:text"));
    text->setPlainText(note.text);
    text->setMinimumHeight(120);
    layout->addWidget(text);
    m_editors.insert(QStringLiteral("text"), text);
    auto refresh = [doc, id, text] {
        const Note *n = doc->design().note(id);
        if (!n || text->hasFocus() || text->toPlainText() == n->text)
            return;
        QSignalBlocker block(text);
        text->setPlainText(n->text);
    };
    m_refreshers.append(refresh);
    // Typing merges into one step per note (the command merges).
    connect(text, &QPlainTextEdit::textChanged, this, [this, id, text] {
        const Note *n = m_document->design().note(id);
        if (n && n->text != text->toPlainText())
            m_document->setNoteText(id, text->toPlainText());
    });
}

} // namespace stackplan
