#include "diagram/graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <QHash>
#include <QMap>

#include <algorithm>
#include <cstdlib>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace stackplan::graphviz {

namespace {

// ---------------------------------------------------------------------------
// The Graphviz thread: one long-lived thread runs every request in turn.

class GraphvizThread
{
public:
    static GraphvizThread &instance()
    {
        static GraphvizThread thread;
        return thread;
    }

    void run(const std::function<void()> &job)
    {
        if (std::this_thread::get_id() == m_thread.get_id()) {
            job(); // already on it (a job calling a helper)
            return;
        }
        std::packaged_task<void()> task(job);
        std::future<void> done = task.get_future();
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(std::move(task));
        }
        m_wake.notify_one();
        done.get();
    }

    // The gvc context lives as long as the thread and is only touched on it.
    GVC_t *context()
    {
        if (!m_gvc)
            m_gvc = gvContext();
        return m_gvc;
    }

private:
    GraphvizThread()
        : m_thread([this] { loop(); })
    {}
    ~GraphvizThread()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }

    void loop()
    {
        // Messages go to aglasterr(), never to the terminal.
        agseterr(AGMAX);
        for (;;) {
            std::packaged_task<void()> task;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
                if (m_queue.empty())
                    break;
                task = std::move(m_queue.front());
                m_queue.pop_front();
            }
            task();
        }
        if (m_gvc)
            gvFreeContext(m_gvc);
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::packaged_task<void()>> m_queue;
    bool m_stop = false;
    GVC_t *m_gvc = nullptr;
    std::thread m_thread;
};

void onGraphvizThread(const std::function<void()> &job)
{
    GraphvizThread::instance().run(job);
}

// cgraph's last error message; aglasterr() hands over a malloc'd copy.
QString lastError(const QString &fallback)
{
    char *last = aglasterr();
    if (!last)
        return fallback;
    const QString text = QString::fromUtf8(last).trimmed();
    free(last);
    return text.isEmpty() ? fallback : text;
}

// ---------------------------------------------------------------------------
// An id discipline that numbers named objects in creation order, so cgraph
// writes subgraphs in the order we made them (its default orders them by
// string address, which differs between runs).

struct IdState
{
    QHash<QByteArray, IDTYPE> ids;
    QList<QByteArray> names;
    IDTYPE anonymous = 0;
};

void *idOpen(Agraph_t *, Agdisc_t *)
{
    return new IdState;
}

long idMap(void *state, int, char *str, IDTYPE *id, int createflag)
{
    auto *s = static_cast<IdState *>(state);
    if (!str) {
        *id = 2 * s->anonymous++ + 1;
        return 1;
    }
    const QByteArray name(str);
    const auto it = s->ids.constFind(name);
    if (it != s->ids.constEnd()) {
        *id = *it;
        return 1;
    }
    if (!createflag)
        return 0;
    s->names.append(name);
    *id = IDTYPE(2 * s->names.size());
    s->ids.insert(name, *id);
    return 1;
}

long idAlloc(void *, int, IDTYPE id)
{
    return (id & 1) ? 0 : 1;
}

void idFree(void *, int, IDTYPE) {}

char *idPrint(void *state, int, IDTYPE id)
{
    auto *s = static_cast<IdState *>(state);
    if (id & 1)
        return nullptr;
    const qsizetype index = qsizetype(id / 2) - 1;
    if (index < 0 || index >= s->names.size())
        return nullptr;
    return s->names[index].data();
}

void idClose(void *state)
{
    delete static_cast<IdState *>(state);
}

void idRegister(void *, int, void *) {}

Agiddisc_t orderedIds = {idOpen, idMap, idAlloc, idFree, idPrint, idClose, idRegister};

int putToBuffer(void *chan, const char *str)
{
    static_cast<QByteArray *>(chan)->append(str);
    return 0;
}

int flushNothing(void *)
{
    return 0;
}

Agiodisc_t bufferIo = {nullptr, putToBuffer, flushNothing};
Agdisc_t writeDisc = {&AgMemDisc, &orderedIds, &bufferIo};

char *cstr(QByteArray &bytes)
{
    return bytes.data();
}

// The attribute names of one kind of object, sorted, with their defaults.
struct Declared
{
    QList<QByteArray> names;
    QList<QByteArray> defaults;
};

Declared declared(const Attributes &defaults, const QList<const Attributes *> &used)
{
    QMap<QString, QString> all;
    for (const Attributes *attrs : used)
        for (auto it = attrs->begin(); it != attrs->end(); ++it)
            all.insert(it.key(), QString());
    for (auto it = defaults.begin(); it != defaults.end(); ++it)
        all.insert(it.key(), it.value());
    Declared d;
    for (auto it = all.begin(); it != all.end(); ++it) {
        d.names.append(it.key().toUtf8());
        d.defaults.append(it.value().toUtf8());
    }
    return d;
}

// Declares every attribute name used on a kind of object, with "" as
// default, so only what is set gets written.
void declare(Agraph_t *g, int kind, const Attributes &defaults,
             const QList<const Attributes *> &used)
{
    Declared d = declared(defaults, used);
    for (qsizetype i = 0; i < d.names.size(); ++i)
        agattr(g, kind, cstr(d.names[i]), cstr(d.defaults[i]));
}

void setAll(void *obj, const Attributes &attrs)
{
    for (auto it = attrs.begin(); it != attrs.end(); ++it) {
        QByteArray name = it.key().toUtf8();
        QByteArray value = it.value().toUtf8();
        QByteArray empty;
        agsafeset(obj, cstr(name), cstr(value),
                  empty.data() ? empty.data() : const_cast<char *>(""));
    }
}

// Builds a cgraph graph from the plain description; the caller closes it.
// A graph inherits the defaults a Graphviz context declared for every graph
// (node label "\N" once gvContext() has run); `plain` clears them, so the
// graph holds only what the description says.
Agraph_t *build(const GvGraph &graph, bool plain = false)
{
    QByteArray name = graph.name.toUtf8();
    Agraph_t *g = agopen(cstr(name), graph.directed ? Agdirected : Agundirected, &writeDisc);
    if (!g)
        return nullptr;
    if (plain) {
        for (int kind : {AGRAPH, AGNODE, AGEDGE}) {
            QList<QByteArray> inherited;
            for (Agsym_t *sym = agnxtattr(g, kind, nullptr); sym; sym = agnxtattr(g, kind, sym)) {
                if (sym->defval && *sym->defval)
                    inherited.append(QByteArray(sym->name));
            }
            for (QByteArray &attribute : inherited) {
                QByteArray empty("");
                agattr(g, kind, cstr(attribute), cstr(empty));
            }
        }
    }
    QList<const Attributes *> graphAttrs{&graph.attributes};
    for (const GvGraph::Cluster &c : graph.clusters)
        graphAttrs.append(&c.attributes);
    declare(g, AGRAPH, {}, graphAttrs);
    QList<const Attributes *> nodeAttrs;
    for (const GvGraph::Node &n : graph.nodes)
        nodeAttrs.append(&n.attributes);
    declare(g, AGNODE, graph.nodeDefaults, nodeAttrs);
    QList<const Attributes *> edgeAttrs;
    for (const GvGraph::Edge &e : graph.edges)
        edgeAttrs.append(&e.attributes);
    declare(g, AGEDGE, graph.edgeDefaults, edgeAttrs);
    setAll(g, graph.attributes);

    QHash<QString, Agraph_t *> clusters;
    for (const GvGraph::Cluster &c : graph.clusters) {
        QByteArray cname = c.name.toUtf8();
        Agraph_t *sub = agsubg(g, cstr(cname), 1);
        setAll(sub, c.attributes);
        clusters.insert(c.name, sub);
    }
    QHash<QString, Agnode_t *> nodes;
    for (const GvGraph::Node &n : graph.nodes) {
        Agraph_t *parent = clusters.value(n.cluster, g);
        QByteArray nname = n.name.toUtf8();
        Agnode_t *node = agnode(parent, cstr(nname), 1);
        setAll(node, n.attributes);
        nodes.insert(n.name, node);
    }
    for (const GvGraph::Edge &e : graph.edges) {
        Agnode_t *t = nodes.value(e.tail);
        Agnode_t *h = nodes.value(e.head);
        if (!t || !h)
            continue;
        Agedge_t *edge = agedge(g, t, h, nullptr, 1);
        setAll(edge, e.attributes);
    }
    return g;
}

Attributes attributesOf(Agraph_t *root, void *obj, int kind)
{
    Attributes out;
    Agsym_t *sym = nullptr;
    while ((sym = agnxtattr(root, kind, sym))) {
        const char *value = agxget(obj, sym);
        if (!value || !*value)
            continue;
        const QString name = QString::fromUtf8(sym->name);
        const QString v = QString::fromUtf8(value);
        if (kind == AGNODE && name == QStringLiteral("label") && v == QStringLiteral("\\N"))
            continue;
        out.insert(name, v);
    }
    return out;
}

void collectClusters(Agraph_t *parent, QList<Agraph_t *> &out)
{
    for (Agraph_t *sub = agfstsubg(parent); sub; sub = agnxtsubg(sub)) {
        if (QByteArray(agnameof(sub)).startsWith("cluster"))
            out.append(sub);
        collectClusters(sub, out);
    }
}

// ---------------------------------------------------------------------------
// The DOT grammar, checked without Graphviz.

constexpr qsizetype MaxDotSize = 16 * 1024 * 1024;
constexpr int MaxDepth = 64;

class DotChecker
{
public:
    explicit DotChecker(const QByteArray &text)
        : m_text(text)
    {}

    bool check(QString *error)
    {
        if (m_text.size() > MaxDotSize)
            return fail(QStringLiteral("larger than 16 MiB"), error, 1, 1);
        if (m_text.contains('\0'))
            return fail(QStringLiteral("contains a NUL byte"), error, 1, 1);
        next();
        if (keyword("strict"))
            next();
        if (keyword("digraph"))
            m_directed = true;
        else if (keyword("graph"))
            m_directed = false;
        else
            return failHere(QStringLiteral("expected 'graph' or 'digraph'"), error);
        next();
        if (m_kind == Id)
            next();
        if (!punct('{'))
            return failHere(QStringLiteral("expected '{'"), error);
        next();
        if (!statements(0))
            return failHere(m_message, error);
        if (!punct('}'))
            return failHere(QStringLiteral("expected '}'"), error);
        next();
        if (m_kind != End)
            return failHere(QStringLiteral("text after the end of the graph"), error);
        return true;
    }

private:
    enum TokenKind { End, Id, Punct, Edge, Bad };

    bool fail(const QString &message, QString *error, int line, int column)
    {
        if (error)
            *error = QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(message);
        return false;
    }
    bool failHere(const QString &message, QString *error)
    {
        return fail(m_kind == Bad ? m_message : message, error, m_tokLine, m_tokColumn);
    }

    char peek(qsizetype offset = 0) const
    {
        const qsizetype i = m_pos + offset;
        return i < m_text.size() ? m_text[i] : '\0';
    }
    void advance()
    {
        if (m_pos < m_text.size()) {
            if (m_text[m_pos] == '\n') {
                ++m_line;
                m_column = 1;
            } else {
                ++m_column;
            }
            ++m_pos;
        }
    }
    static bool isIdStart(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
               (static_cast<unsigned char>(c) >= 0x80);
    }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    void skipSpace()
    {
        for (;;) {
            const char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
                advance();
            } else if (c == '/' && peek(1) == '/') {
                while (peek() && peek() != '\n')
                    advance();
            } else if (c == '/' && peek(1) == '*') {
                advance();
                advance();
                while (peek() && !(peek() == '*' && peek(1) == '/'))
                    advance();
                if (!peek()) {
                    m_unterminated = true;
                    return;
                }
                advance();
                advance();
            } else if (c == '#' && m_column == 1) {
                while (peek() && peek() != '\n')
                    advance();
            } else {
                return;
            }
        }
    }

    void next()
    {
        skipSpace();
        m_tokLine = m_line;
        m_tokColumn = m_column;
        m_word.clear();
        const char c = peek();
        if (!c) {
            if (m_unterminated) {
                m_kind = Bad;
                m_message = QStringLiteral("unterminated comment");
                return;
            }
            m_kind = End;
            return;
        }
        if (isIdStart(c)) {
            while (isIdStart(peek()) || isDigit(peek())) {
                m_word += peek();
                advance();
            }
            m_kind = Id;
            return;
        }
        if (isDigit(c) || ((c == '-' || c == '.') && (isDigit(peek(1)) || peek(1) == '.'))) {
            if (c == '-') {
                m_word += c;
                advance();
            }
            bool dot = false;
            while (isDigit(peek()) || (!dot && peek() == '.')) {
                if (peek() == '.')
                    dot = true;
                m_word += peek();
                advance();
            }
            m_kind = Id;
            return;
        }
        if (c == '"') {
            for (;;) {
                advance();
                for (;;) {
                    const char d = peek();
                    if (!d) {
                        m_kind = Bad;
                        m_message = QStringLiteral("unterminated string");
                        return;
                    }
                    advance();
                    if (d == '\\' && peek()) {
                        advance();
                        continue;
                    }
                    if (d == '"')
                        break;
                }
                // "a" + "b" concatenation
                const qsizetype save = m_pos;
                const int saveLine = m_line, saveColumn = m_column;
                skipSpace();
                if (peek() == '+') {
                    advance();
                    skipSpace();
                    if (peek() == '"')
                        continue;
                    m_kind = Bad;
                    m_message = QStringLiteral("'+' must join two quoted strings");
                    return;
                }
                m_pos = save;
                m_line = saveLine;
                m_column = saveColumn;
                break;
            }
            m_word = "\"";
            m_kind = Id;
            return;
        }
        if (c == '<') {
            int depth = 0;
            do {
                const char d = peek();
                if (!d) {
                    m_kind = Bad;
                    m_message = QStringLiteral("unterminated HTML string");
                    return;
                }
                if (d == '<')
                    ++depth;
                else if (d == '>')
                    --depth;
                advance();
            } while (depth > 0);
            m_word = "<";
            m_kind = Id;
            return;
        }
        if (c == '-' && (peek(1) == '>' || peek(1) == '-')) {
            m_word = QByteArray(1, c) + peek(1);
            advance();
            advance();
            m_kind = Edge;
            return;
        }
        if (QByteArrayView("{}[];,=:").contains(c)) {
            m_word = QByteArray(1, c);
            advance();
            m_kind = Punct;
            return;
        }
        m_kind = Bad;
        m_message = QStringLiteral("unexpected character '%1'")
                        .arg(QString::fromLatin1(&c, 1).toHtmlEscaped());
    }

    bool keyword(const char *word) const
    {
        return m_kind == Id && m_word.compare(word, Qt::CaseInsensitive) == 0;
    }
    bool punct(char c) const { return m_kind == Punct && m_word.size() == 1 && m_word[0] == c; }
    bool isKeyword() const
    {
        return keyword("node") || keyword("edge") || keyword("graph") || keyword("digraph") ||
               keyword("subgraph") || keyword("strict");
    }
    bool error(const QString &message)
    {
        if (m_kind != Bad)
            m_message = message;
        return false;
    }

    bool statements(int depth)
    {
        if (depth > MaxDepth)
            return error(QStringLiteral("subgraphs nested too deeply"));
        while (m_kind != End && !punct('}')) {
            if (m_kind == Bad)
                return false;
            if (!statement(depth))
                return false;
            if (punct(';'))
                next();
        }
        return true;
    }

    bool attrList()
    {
        while (punct('[')) {
            next();
            while (!punct(']')) {
                if (m_kind != Id || isKeyword())
                    return error(QStringLiteral("expected an attribute name"));
                next();
                if (punct('=')) {
                    next();
                    if (m_kind != Id)
                        return error(QStringLiteral("expected an attribute value"));
                    next();
                }
                if (punct(';') || punct(','))
                    next();
            }
            next();
        }
        return true;
    }

    bool nodeId()
    {
        if (m_kind != Id || isKeyword())
            return error(QStringLiteral("expected a node name"));
        next();
        for (int i = 0; i < 2 && punct(':'); ++i) {
            next();
            if (m_kind != Id)
                return error(QStringLiteral("expected a port name"));
            next();
        }
        return true;
    }

    bool subgraph(int depth)
    {
        if (keyword("subgraph")) {
            next();
            if (m_kind == Id && !isKeyword())
                next();
            if (!punct('{'))
                return true; // "subgraph name" alone refers to it
        }
        next(); // '{'
        if (!statements(depth + 1))
            return false;
        if (!punct('}'))
            return error(QStringLiteral("expected '}'"));
        next();
        return true;
    }

    bool endpoint(int depth)
    {
        if (keyword("subgraph") || punct('{'))
            return subgraph(depth);
        return nodeId();
    }

    bool statement(int depth)
    {
        if (keyword("graph") || keyword("node") || keyword("edge")) {
            next();
            if (!punct('['))
                return error(QStringLiteral("expected '['"));
            return attrList();
        }
        if (m_kind == Id && !isKeyword()) {
            // ID '=' ID
            const qsizetype save = m_pos;
            const int saveLine = m_line, saveColumn = m_column;
            const int tl = m_tokLine, tc = m_tokColumn;
            const QByteArray word = m_word;
            next();
            if (punct('=')) {
                next();
                if (m_kind != Id)
                    return error(QStringLiteral("expected a value after '='"));
                next();
                return true;
            }
            m_pos = save;
            m_line = saveLine;
            m_column = saveColumn;
            m_tokLine = tl;
            m_tokColumn = tc;
            m_word = word;
            m_kind = Id;
        }
        if (!endpoint(depth))
            return false;
        bool edge = false;
        while (m_kind == Edge) {
            if ((m_word == "->") != m_directed)
                return error(m_directed ? QStringLiteral("'--' in a digraph (use '->')")
                                        : QStringLiteral("'->' in an undirected graph (use '--')"));
            next();
            if (!endpoint(depth))
                return false;
            edge = true;
        }
        Q_UNUSED(edge);
        return attrList();
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    int m_tokLine = 1;
    int m_tokColumn = 1;
    TokenKind m_kind = End;
    QByteArray m_word;
    QString m_message;
    bool m_directed = true;
    bool m_unterminated = false;
};

} // namespace

bool validateDot(const QByteArray &dot, QString *error)
{
    return DotChecker(dot).check(error);
}

QByteArray writeWithCgraph(const GvGraph &graph)
{
    QByteArray out;
    onGraphvizThread([&] {
        Agraph_t *g = build(graph, true);
        if (!g)
            return;
        agwrite(g, &out);
        agclose(g);
    });
    return out;
}

// ----------------------------------------------------------------------------
// Writing DOT. The text is what cgraph's agwrite() makes of the same graph,
// byte for byte (the golden files hold it), but written in one pass: agwrite
// asks every subgraph whether it holds each node and each edge, which is
// hours at 100,000 components with a cluster per host.

namespace {

constexpr int MaxOutputLine = 128; // agwrite's default line length

bool idChar(unsigned char c)
{
    return std::isalnum(c) || c == '.' || c == '-' || c >= 0x80;
}

bool alnum(unsigned char c)
{
    return std::isalnum(c) || c == '_' || c >= 0x80;
}

// A name or value as DOT writes it: bare when it is an identifier or a
// number, else quoted with '"' escaped; long strings get line continuations
// after a non-identifier character, as agwrite breaks them.
void appendCanonical(QByteArray &out, const QByteArray &text)
{
    if (text.isEmpty()) {
        out += "\"\"";
        return;
    }
    QByteArray quoted;
    quoted.reserve(text.size() + 8);
    quoted += '"';
    bool needsQuotes = false;
    bool maybeNumber = std::isdigit(uchar(text[0])) || text[0] == '.' || text[0] == '-';
    int dots = 0;
    int count = 0;
    bool breakPending = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = uchar(text[i]);
        if (c == '"') {
            quoted += '\\';
            needsQuotes = true;
        } else if (maybeNumber) {
            if (c == '-') {
                if (count) {
                    maybeNumber = false;
                    needsQuotes = true;
                }
            } else if (c == '.') {
                if (dots++) {
                    maybeNumber = false;
                    needsQuotes = true;
                }
            } else if (!std::isdigit(c)) {
                maybeNumber = false;
                needsQuotes = true;
            }
        } else if (!alnum(c)) {
            needsQuotes = true;
        }
        quoted += char(c);
        ++count;
        if (i + 1 >= text.size())
            continue;
        const auto next = uchar(text[i + 1]);
        const auto last = uchar(quoted.back());
        const bool breakable = !(idChar(last) || last == '\\') && idChar(next);
        if (breakPending && breakable) {
            quoted += "\\\n";
            needsQuotes = true;
            breakPending = false;
            count = 0;
        } else if (count >= MaxOutputLine) {
            if (breakable) {
                quoted += "\\\n";
                needsQuotes = true;
                count = 0;
            } else {
                breakPending = true;
            }
        }
    }
    quoted += '"';
    if (needsQuotes || (count == 1 && (text[0] == '.' || text[0] == '-'))) {
        out += quoted;
        return;
    }
    for (const char *token : {"node", "edge", "strict", "graph", "digraph", "subgraph"}) {
        if (text.compare(token, Qt::CaseInsensitive) == 0) {
            out += quoted;
            return;
        }
    }
    out += text;
}

void appendIndent(QByteArray &out, int level)
{
    out.append(level, '\t');
}

// "graph [a=1,\n\t\tb=2\n\t];" (one attribute: on one line).
void appendDict(QByteArray &out, int level, const char *what,
                const QList<std::pair<QByteArray, QByteArray>> &entries)
{
    if (entries.isEmpty())
        return;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (i == 0) {
            appendIndent(out, level);
            out += what;
            out += " [";
        } else {
            out += ",\n";
            appendIndent(out, level + 1);
        }
        appendCanonical(out, entries[i].first);
        out += '=';
        appendCanonical(out, entries[i].second);
    }
    if (entries.size() > 1) {
        out += '\n';
        appendIndent(out, level);
    }
    out += "];\n";
}

// The attributes that differ from their kind's defaults, in name order.
QList<std::pair<QByteArray, QByteArray>> ownAttributes(const Declared &d, const Attributes &attrs)
{
    QList<std::pair<QByteArray, QByteArray>> own;
    for (qsizetype i = 0; i < d.names.size(); ++i) {
        const auto it = attrs.constFind(QString::fromUtf8(d.names[i]));
        if (it == attrs.constEnd())
            continue;
        QByteArray value = it.value().toUtf8();
        if (value != d.defaults[i])
            own.append({d.names[i], std::move(value)});
    }
    return own;
}

// "\t[a=1,\n\t\tb=2]" for the attributes that differ from their defaults.
void appendOwn(QByteArray &out, int level, const Declared &d, const Attributes &attrs)
{
    const QList<std::pair<QByteArray, QByteArray>> own = ownAttributes(d, attrs);
    for (qsizetype i = 0; i < own.size(); ++i) {
        if (i == 0) {
            out += "\t[";
        } else {
            out += ",\n";
            appendIndent(out, level + 1);
        }
        appendCanonical(out, own[i].first);
        out += '=';
        appendCanonical(out, own[i].second);
    }
    if (!own.isEmpty())
        out += ']';
}

} // namespace

QByteArray write(const GvGraph &graph)
{
    QList<const Attributes *> nodeAttrs;
    for (const GvGraph::Node &n : graph.nodes)
        nodeAttrs.append(&n.attributes);
    const Declared nodeDecl = declared(graph.nodeDefaults, nodeAttrs);
    QList<const Attributes *> edgeAttrs;
    for (const GvGraph::Edge &e : graph.edges)
        edgeAttrs.append(&e.attributes);
    const Declared edgeDecl = declared(graph.edgeDefaults, edgeAttrs);
    auto nonEmpty = [](const Attributes &attrs, const Attributes &defaults = {}) {
        QMap<QString, QString> merged;
        for (auto it = defaults.begin(); it != defaults.end(); ++it)
            merged.insert(it.key(), it.value());
        for (auto it = attrs.begin(); it != attrs.end(); ++it)
            merged.insert(it.key(), it.value());
        QList<std::pair<QByteArray, QByteArray>> out;
        for (auto it = merged.begin(); it != merged.end(); ++it) {
            if (!it.value().isEmpty())
                out.append({it.key().toUtf8(), it.value().toUtf8()});
        }
        return out;
    };

    // Nodes by name (the first of a name wins, as agnode finds it again), in
    // creation order; edges between known nodes, in creation order.
    QHash<QString, int> index;
    QList<int> nodeOf; // graph.nodes index of each distinct node
    for (qsizetype i = 0; i < graph.nodes.size(); ++i) {
        if (!index.contains(graph.nodes[i].name)) {
            index.insert(graph.nodes[i].name, int(nodeOf.size()));
            nodeOf.append(int(i));
        }
    }
    const int nodeCount = int(nodeOf.size());
    QList<QList<int>> outEdges(nodeCount);
    QList<QList<int>> inTails(nodeCount);
    QList<std::pair<int, int>> ends(graph.edges.size(), {-1, -1});
    for (qsizetype i = 0; i < graph.edges.size(); ++i) {
        const int t = index.value(graph.edges[i].tail, -1);
        const int h = index.value(graph.edges[i].head, -1);
        if (t < 0 || h < 0)
            continue;
        ends[i] = {t, h};
        outEdges[t].append(int(i));
        inTails[h].append(t);
    }
    // cgraph keeps a node's out-edges ordered by their heads, then by creation.
    for (QList<int> &edges : outEdges)
        std::stable_sort(edges.begin(), edges.end(),
                         [&ends](int a, int b) { return ends[a].second < ends[b].second; });
    QHash<QString, int> clusterIndex;
    for (qsizetype i = 0; i < graph.clusters.size(); ++i)
        clusterIndex.insert(graph.clusters[i].name, int(i));
    QList<QList<int>> clusterNodes(graph.clusters.size());
    QList<bool> inCluster(nodeCount, false);
    for (int n = 0; n < nodeCount; ++n) {
        const auto it = clusterIndex.constFind(graph.nodes[nodeOf[n]].cluster);
        if (it != clusterIndex.constEnd()) {
            clusterNodes[*it].append(n);
            inCluster[n] = true;
        }
    }
    QList<bool> attrsWritten(nodeCount, false);
    const auto nameOf = [&](int n) { return graph.nodes[nodeOf[n]].name.toUtf8(); };
    QByteArray out;
    out.reserve(256 * (graph.nodes.size() + graph.edges.size()) + 4096);
    auto writeNode = [&](int n, int level) {
        appendIndent(out, level);
        appendCanonical(out, nameOf(n));
        if (!attrsWritten[n]) {
            appendOwn(out, level, nodeDecl, graph.nodes[nodeOf[n]].attributes);
            attrsWritten[n] = true;
        }
        out += ";\n";
    };
    auto hasOwnAttributes = [&](int n) {
        return !ownAttributes(nodeDecl, graph.nodes[nodeOf[n]].attributes).isEmpty();
    };
    // agwrite's rule for a node outside the clusters: written once no edge
    // from an earlier node has named it, if it has no edges or attributes.
    auto nodeDue = [&](int n, int since) {
        if (inCluster[n] || n < since)
            return false;
        for (int tail : std::as_const(inTails[n])) {
            if (tail < since)
                return false;
        }
        return (inTails[n].isEmpty() && outEdges[n].isEmpty()) || hasOwnAttributes(n);
    };

    out += graph.directed ? "digraph " : "graph ";
    appendCanonical(out, graph.name.toUtf8());
    out += " {\n";
    appendDict(out, 1, "graph", nonEmpty(graph.attributes));
    appendDict(out, 1, "node", nonEmpty({}, graph.nodeDefaults));
    appendDict(out, 1, "edge", nonEmpty({}, graph.edgeDefaults));
    for (qsizetype c = 0; c < graph.clusters.size(); ++c) {
        out += "\tsubgraph ";
        appendCanonical(out, graph.clusters[c].name.toUtf8());
        out += " {\n";
        // A subgraph's own attributes are all written, empty ones too.
        QList<std::pair<QByteArray, QByteArray>> own;
        const Attributes &attrs = graph.clusters[c].attributes;
        for (auto it = attrs.begin(); it != attrs.end(); ++it)
            own.append({it.key().toUtf8(), it.value().toUtf8()});
        appendDict(out, 2, "graph", own);
        for (int n : std::as_const(clusterNodes[c]))
            writeNode(n, 2);
        out += "\t}\n";
    }
    for (int n = 0; n < nodeCount; ++n) {
        if (nodeDue(n, n))
            writeNode(n, 1);
        int previous = n;
        for (int e : std::as_const(outEdges[n])) {
            const int head = ends[e].second;
            if (previous != head && nodeDue(head, n)) {
                writeNode(head, 1);
                previous = head;
            }
            out += '\t';
            appendCanonical(out, nameOf(n));
            out += graph.directed ? " -> " : " -- ";
            appendCanonical(out, nameOf(head));
            appendOwn(out, 1, edgeDecl, graph.edges[e].attributes);
            out += ";\n";
        }
    }
    out += "}\n";
    return out;
}

std::optional<GvGraph> read(const QByteArray &dot, QString *error)
{
    std::optional<GvGraph> result;
    onGraphvizThread([&] {
        QByteArray text = dot;
        Agraph_t *g = agmemread(text.constData());
        if (!g) {
            const QString message = lastError(QStringLiteral("Graphviz could not read the graph"));
            if (error)
                *error = message;
            return;
        }
        GvGraph out;
        out.name = QString::fromUtf8(agnameof(g));
        out.directed = agisdirected(g);
        out.attributes = attributesOf(g, g, AGRAPH);
        QList<Agraph_t *> clusters;
        collectClusters(g, clusters);
        std::sort(clusters.begin(), clusters.end(),
                  [](Agraph_t *a, Agraph_t *b) { return AGSEQ(a) < AGSEQ(b); });
        QHash<Agnode_t *, QString> clusterOf;
        // Later (deeper) clusters win: a node belongs to its innermost one.
        for (Agraph_t *sub : clusters) {
            GvGraph::Cluster c;
            c.name = QString::fromUtf8(agnameof(sub));
            c.attributes = attributesOf(g, sub, AGRAPH);
            out.clusters.append(c);
            for (Agnode_t *n = agfstnode(sub); n; n = agnxtnode(sub, n))
                clusterOf.insert(agsubnode(g, n, 0), c.name);
        }
        QList<Agedge_t *> edges;
        for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
            GvGraph::Node node;
            node.name = QString::fromUtf8(agnameof(n));
            node.cluster = clusterOf.value(n);
            node.attributes = attributesOf(g, n, AGNODE);
            out.nodes.append(node);
            for (Agedge_t *e = agfstout(g, n); e; e = agnxtout(g, e))
                edges.append(e);
        }
        std::sort(edges.begin(), edges.end(),
                  [](Agedge_t *a, Agedge_t *b) { return AGSEQ(a) < AGSEQ(b); });
        for (Agedge_t *e : edges) {
            GvGraph::Edge edge;
            edge.tail = QString::fromUtf8(agnameof(agtail(e)));
            edge.head = QString::fromUtf8(agnameof(aghead(e)));
            edge.attributes = attributesOf(g, e, AGEDGE);
            out.edges.append(edge);
        }
        agclose(g);
        result = std::move(out);
    });
    return result;
}

std::optional<LayoutGeometry> layoutWithDot(const GvGraph &graph, const LayoutParameters &params,
                                            QString *error)
{
    GvGraph g = graph;
    g.attributes.insert(QStringLiteral("rankdir"), params.rankdir);
    g.attributes.insert(QStringLiteral("nodesep"), QString::number(params.nodesep));
    g.attributes.insert(QStringLiteral("ranksep"), QString::number(params.ranksep));
    g.attributes.insert(QStringLiteral("nslimit"), QString::number(params.nslimit));
    g.attributes.insert(QStringLiteral("nslimit1"), QString::number(params.nslimit));
    g.attributes.insert(QStringLiteral("mclimit"), QString::number(params.mclimit));
    g.attributes.insert(QStringLiteral("searchsize"), QString::number(params.searchsize));
    // Edges are drawn by the canvas; dot only has to place the boxes.
    g.attributes.insert(QStringLiteral("splines"), QStringLiteral("false"));
    g.nodeDefaults.insert(QStringLiteral("shape"), QStringLiteral("box"));
    g.nodeDefaults.insert(QStringLiteral("fixedsize"), QStringLiteral("true"));
    g.nodeDefaults.insert(QStringLiteral("label"), QString());

    std::optional<LayoutGeometry> result;
    onGraphvizThread([&] {
        GVC_t *gvc = GraphvizThread::instance().context();
        Agraph_t *ag = build(g);
        if (!ag) {
            if (error)
                *error = QStringLiteral("Graphviz could not build the graph");
            return;
        }
        if (gvLayout(gvc, ag, "dot") != 0) {
            const QString message =
                lastError(QStringLiteral("Graphviz could not lay out the graph"));
            if (error)
                *error = message;
            agclose(ag);
            return;
        }
        const boxf bb = GD_bb(ag);
        const double top = bb.UR.y;
        LayoutGeometry geometry;
        geometry.bounds = QRectF(0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y);
        for (Agnode_t *n = agfstnode(ag); n; n = agnxtnode(ag, n)) {
            const double w = ND_width(n) * 72.0;
            const double h = ND_height(n) * 72.0;
            const pointf c = ND_coord(n);
            geometry.nodes.insert(QString::fromUtf8(agnameof(n)),
                                  QRectF(c.x - w / 2 - bb.LL.x, top - c.y - h / 2, w, h));
        }
        QList<Agraph_t *> clusters;
        collectClusters(ag, clusters);
        for (Agraph_t *sub : clusters) {
            const boxf cb = GD_bb(sub);
            geometry.clusters.insert(
                QString::fromUtf8(agnameof(sub)),
                QRectF(cb.LL.x - bb.LL.x, top - cb.UR.y, cb.UR.x - cb.LL.x, cb.UR.y - cb.LL.y));
        }
        gvFreeLayout(gvc, ag);
        agclose(ag);
        result = std::move(geometry);
    });
    return result;
}

} // namespace stackplan::graphviz
