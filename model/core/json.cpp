#include "core/json.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace stackplan::json {

namespace {

class Parser
{
public:
    Parser(const QByteArray &bytes, QList<Node> &nodes, int maxDepth)
        : m_begin(bytes.constData())
        , m_p(bytes.constData())
        , m_end(bytes.constData() + bytes.size())
        , m_nodes(nodes)
        , m_maxDepth(maxDepth)
    {}

    int errorOffset = -1;
    QString errorMessage;

    bool run()
    {
        // A UTF-8 byte order mark is harmless; some editors write one.
        if (m_end - m_p >= 3 && uchar(m_p[0]) == 0xef && uchar(m_p[1]) == 0xbb &&
            uchar(m_p[2]) == 0xbf)
            m_p += 3;
        skipSpace();
        if (m_p == m_end)
            return fail(QStringLiteral("the file is empty: expected a JSON object"));
        if (value(0) < 0)
            return false;
        skipSpace();
        if (m_p != m_end)
            return fail(
                QStringLiteral("unexpected %1 after the end of the JSON value").arg(here()));
        return true;
    }

private:
    bool fail(const QString &message)
    {
        if (errorOffset < 0) {
            errorOffset = int(m_p - m_begin);
            errorMessage = message;
        }
        return false;
    }
    int failed(const QString &message)
    {
        fail(message);
        return -1;
    }

    // The character at the current position, for messages.
    QString here() const
    {
        if (m_p >= m_end)
            return QStringLiteral("end of file");
        const uchar c = uchar(*m_p);
        if (c >= 0x21 && c < 0x7f)
            return QStringLiteral("'%1'").arg(QLatin1Char(char(c)));
        if (c == ' ')
            return QStringLiteral("a space");
        if (c == '\n' || c == '\r')
            return QStringLiteral("a line break");
        return QStringLiteral("byte 0x%1").arg(c, 2, 16, QLatin1Char('0'));
    }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    int add(Type type)
    {
        Node n;
        n.type = type;
        n.offset = int(m_p - m_begin);
        m_nodes.append(n);
        return int(m_nodes.size() - 1);
    }

    int value(int depth)
    {
        if (m_nodes.size() >= MaxValues)
            return failed(QStringLiteral("more than %1 JSON values in one file").arg(MaxValues));
        if (m_p >= m_end)
            return failed(QStringLiteral("unexpected end of file: expected a value"));
        switch (*m_p) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"': {
            const int n = add(Type::String);
            int offset = 0;
            int length = 0;
            bool escaped = false;
            if (!string(&offset, &length, &escaped))
                return -1;
            Node &node = m_nodes[n];
            node.offset = offset;
            node.length = length;
            node.escaped = escaped;
            return n;
        }
        case 't':
            return literal("true", Type::Bool, true);
        case 'f':
            return literal("false", Type::Bool, false);
        case 'n':
            return literal("null", Type::Null, false);
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return number();
            return failed(QStringLiteral("unexpected %1: expected a value").arg(here()));
        }
    }

    int literal(const char *word, Type type, bool boolean)
    {
        const qsizetype len = qsizetype(qstrlen(word));
        if (m_end - m_p < len || std::memcmp(m_p, word, size_t(len)) != 0)
            return failed(QStringLiteral("unexpected %1: expected a value").arg(here()));
        const int n = add(type);
        m_nodes[n].boolean = boolean;
        m_p += len;
        return n;
    }

    int number()
    {
        const char *start = m_p;
        auto digits = [&] {
            const char *s = m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p > s;
        };
        // Errors point at the start of the number.
        auto bad = [&](const QString &message) {
            m_p = start;
            return failed(message);
        };
        if (*m_p == '-')
            ++m_p;
        if (m_p < m_end && *m_p == '0') {
            ++m_p;
            if (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                return bad(QStringLiteral("a number cannot start with 0"));
        } else if (!digits()) {
            return bad(QStringLiteral("expected a digit after '-'"));
        }
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return bad(QStringLiteral("expected a digit after the decimal point"));
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return bad(QStringLiteral("expected a digit in the exponent"));
        }
        double d = 0;
        const auto [ptr, ec] = std::from_chars(start, m_p, d);
        if (ec != std::errc() || ptr != m_p || !std::isfinite(d)) {
            m_p = start;
            return failed(QStringLiteral("the number is out of range"));
        }
        const char *end = m_p;
        m_p = start;
        const int n = add(Type::Number);
        m_p = end;
        m_nodes[n].number = d;
        return n;
    }

    static int hex(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // Four hex digits at m_p (after "\u"); -1 when malformed.
    int hex4()
    {
        if (m_end - m_p < 4)
            return -1;
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(m_p[i]);
            if (h < 0)
                return -1;
            v = v * 16 + h;
        }
        m_p += 4;
        return v;
    }

    // A string at m_p (on the opening quote). Checks escapes and UTF-8.
    bool string(int *offset, int *length, bool *escaped)
    {
        ++m_p;
        const char *start = m_p;
        *escaped = false;
        while (true) {
            // Plain printable ASCII is the common case.
            while (m_p < m_end && uchar(*m_p) >= 0x20 && uchar(*m_p) < 0x80 && *m_p != '"' &&
                   *m_p != '\\')
                ++m_p;
            if (m_p >= m_end) {
                m_p = start - 1;
                return fail(QStringLiteral("unterminated string (no closing '\"')"));
            }
            const uchar c = uchar(*m_p);
            if (c == '"')
                break;
            if (c == '\\') {
                *escaped = true;
                ++m_p;
                if (m_p >= m_end)
                    return fail(QStringLiteral("unterminated string (no closing '\"')"));
                switch (*m_p) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't':
                    ++m_p;
                    continue;
                case 'u': {
                    const char *escape = m_p - 1;
                    ++m_p;
                    const int u = hex4();
                    if (u < 0) {
                        m_p = escape;
                        return fail(
                            QStringLiteral("invalid \\u escape (it needs four hex digits)"));
                    }
                    if (u >= 0xdc00 && u <= 0xdfff) {
                        m_p = escape;
                        return fail(QStringLiteral("invalid \\u escape: a lone low surrogate"));
                    }
                    if (u >= 0xd800 && u <= 0xdbff) {
                        const bool pair = m_end - m_p >= 2 && m_p[0] == '\\' && m_p[1] == 'u';
                        int low = -1;
                        if (pair) {
                            m_p += 2;
                            low = hex4();
                        }
                        if (low < 0xdc00 || low > 0xdfff) {
                            m_p = escape;
                            return fail(QStringLiteral(
                                "invalid \\u escape: a high surrogate without its low surrogate"));
                        }
                    }
                    continue;
                }
                default:
                    --m_p;
                    return fail(QStringLiteral("invalid escape in a string (allowed: "
                                               "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"));
                }
            }
            if (c < 0x20)
                return fail(
                    QStringLiteral("control character in a string (write it as an escape)"));
            if (!utf8())
                return fail(QStringLiteral("invalid UTF-8 in a string"));
        }
        *offset = int(start - m_begin);
        *length = int(m_p - start);
        ++m_p;
        return true;
    }

    // One multi-byte UTF-8 sequence at m_p; advances past it when valid.
    bool utf8()
    {
        const uchar c = uchar(*m_p);
        int extra = 0;
        uint cp = 0;
        if (c >= 0xc2 && c <= 0xdf) {
            extra = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            extra = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (m_end - m_p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            const uchar cc = uchar(m_p[i]);
            if ((cc & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        // Overlong forms, surrogates and code points past U+10FFFF.
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        m_p += extra + 1;
        return true;
    }

    bool keyEquals(const Node &a, const Node &b) const
    {
        if (a.keyEscaped || b.keyEscaped)
            return Document::unescape(m_begin, a.keyOffset, a.keyLength, a.keyEscaped) ==
                   Document::unescape(m_begin, b.keyOffset, b.keyLength, b.keyEscaped);
        return a.keyLength == b.keyLength &&
               std::memcmp(m_begin + a.keyOffset, m_begin + b.keyOffset, size_t(a.keyLength)) == 0;
    }

    // Opens the object or array at m_p: its node, or -1 past the depth
    // limit; *empty when it closes at once (the closing bracket read too).
    int open(Type type, char close, int depth, bool *empty)
    {
        if (depth >= m_maxDepth)
            return failed(QStringLiteral("nested deeper than %1 levels").arg(m_maxDepth));
        const int n = add(type);
        ++m_p;
        skipSpace();
        *empty = m_p < m_end && *m_p == close;
        if (*empty)
            ++m_p;
        return n;
    }

    int object(int depth)
    {
        bool empty = false;
        const int n = open(Type::Object, '}', depth, &empty);
        if (n < 0 || empty)
            return n;
        int last = -1;
        int count = 0;
        QHash<QString, int> seen; // only for large objects
        while (true) {
            if (m_p >= m_end || *m_p != '"') {
                return failed(
                    QStringLiteral("unexpected %1: expected a key in double quotes").arg(here()));
            }
            const char *keyStart = m_p;
            int keyOffset = 0;
            int keyLength = 0;
            bool keyEscaped = false;
            if (!string(&keyOffset, &keyLength, &keyEscaped))
                return -1;
            skipSpace();
            if (m_p >= m_end || *m_p != ':')
                return failed(
                    QStringLiteral("unexpected %1: expected ':' after the key").arg(here()));
            ++m_p;
            skipSpace();
            const int child = value(depth + 1);
            if (child < 0)
                return -1;
            Node &c = m_nodes[child];
            c.keyOffset = keyOffset;
            c.keyLength = keyLength;
            c.keyEscaped = keyEscaped;
            // A duplicate key would silently lose one of the values.
            bool duplicate = false;
            if (count < 16) {
                for (int s = m_nodes[n].first; s >= 0 && !duplicate; s = m_nodes[s].next)
                    duplicate = keyEquals(m_nodes[s], m_nodes[child]);
                if (count == 15) {
                    for (int s = m_nodes[n].first; s >= 0; s = m_nodes[s].next)
                        seen.insert(Document::unescape(m_begin, m_nodes[s].keyOffset,
                                                       m_nodes[s].keyLength, m_nodes[s].keyEscaped),
                                    s);
                    seen.insert(Document::unescape(m_begin, keyOffset, keyLength, keyEscaped),
                                child);
                }
            } else {
                const QString k = Document::unescape(m_begin, keyOffset, keyLength, keyEscaped);
                duplicate = seen.contains(k);
                seen.insert(k, child);
            }
            if (duplicate) {
                m_p = keyStart;
                return failed(QStringLiteral("duplicate key %1 in an object")
                                  .arg(QString::fromUtf8(keyStart, keyLength + 2)));
            }
            const After after = member(n, child, &last, &count, '}', "an object");
            if (after == After::Failed)
                return -1;
            if (after == After::Closed)
                break;
        }
        m_nodes[n].count = count;
        return n;
    }

    enum class After { Next, Closed, Failed };

    // Appends child to container n's list of members, then reads what follows
    // a member: a comma (another member comes) or the closing bracket.
    After member(int n, int child, int *last, int *count, char close, const char *container)
    {
        if (*last >= 0)
            m_nodes[*last].next = child;
        else
            m_nodes[n].first = child;
        *last = child;
        ++*count;
        skipSpace();
        if (m_p < m_end && *m_p == ',') {
            ++m_p;
            skipSpace();
            if (m_p < m_end && *m_p == close) {
                fail(QStringLiteral("a comma before '%1' (JSON allows no trailing comma)")
                         .arg(QLatin1Char(close)));
                return After::Failed;
            }
            return After::Next;
        }
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return After::Closed;
        }
        fail(QStringLiteral("unexpected %1: expected ',' or '%2' in %3")
                 .arg(here(), QString(QLatin1Char(close)), QLatin1StringView(container)));
        return After::Failed;
    }

    int array(int depth)
    {
        bool empty = false;
        const int n = open(Type::Array, ']', depth, &empty);
        if (n < 0 || empty)
            return n;
        int last = -1;
        int count = 0;
        while (true) {
            const int child = value(depth + 1);
            if (child < 0)
                return -1;
            const After after = member(n, child, &last, &count, ']', "an array");
            if (after == After::Failed)
                return -1;
            if (after == After::Closed)
                break;
        }
        m_nodes[n].count = count;
        return n;
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    QList<Node> &m_nodes;
    int m_maxDepth;
};

} // namespace

QString Document::unescape(const char *data, int offset, int length, bool escaped)
{
    const char *p = data + offset;
    const char *end = p + length;
    if (!escaped)
        return QString::fromUtf8(p, length);
    QString out;
    out.reserve(length);
    while (p < end) {
        const char *run = p;
        while (p < end && *p != '\\')
            ++p;
        if (p > run)
            out += QString::fromUtf8(run, p - run);
        if (p >= end)
            break;
        ++p; // the backslash; the parser checked what follows
        const char c = *p++;
        switch (c) {
        case 'b':
            out += u'\b';
            break;
        case 'f':
            out += u'\f';
            break;
        case 'n':
            out += u'\n';
            break;
        case 'r':
            out += u'\r';
            break;
        case 't':
            out += u'\t';
            break;
        case 'u': {
            char16_t u = 0;
            for (int i = 0; i < 4; ++i) {
                const char h = *p++;
                u = char16_t(u * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10));
            }
            out += QChar(u);
            break;
        }
        default:
            out += QLatin1Char(c);
        }
    }
    return out;
}

bool Document::parse(const QByteArray &bytes, int maxDepth)
{
    m_bytes = bytes;
    m_nodes.clear();
    m_error = {};
    // Roughly one value per 12 bytes in a design file.
    m_nodes.reserve(bytes.size() / 12 + 16);
    Parser parser(m_bytes, m_nodes, maxDepth);
    if (parser.run())
        return true;
    m_nodes.clear();
    const int offset = qBound(0, parser.errorOffset, int(m_bytes.size()));
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; ++i) {
        const uchar c = uchar(m_bytes[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xc0) != 0x80) {
            // Columns count characters: UTF-8 continuation bytes do not.
            ++column;
        }
    }
    m_error = {line, column, parser.errorMessage};
    return false;
}

QString Document::string(int index) const
{
    const Node &n = m_nodes[index];
    return unescape(m_bytes.constData(), n.offset, n.length, n.escaped);
}

QString Document::key(int index) const
{
    const Node &n = m_nodes[index];
    return unescape(m_bytes.constData(), n.keyOffset, n.keyLength, n.keyEscaped);
}

bool Document::keyIs(int index, QLatin1StringView key) const
{
    const Node &n = m_nodes[index];
    if (n.keyEscaped)
        return this->key(index) == key;
    return n.keyLength == key.size() &&
           std::memcmp(m_bytes.constData() + n.keyOffset, key.data(), size_t(key.size())) == 0;
}

int Document::member(int object, QLatin1StringView key) const
{
    for (int c = m_nodes[object].first; c >= 0; c = m_nodes[c].next) {
        if (keyIs(c, key))
            return c;
    }
    return -1;
}

QJsonValue Document::toJsonValue(int index) const
{
    const Node &n = m_nodes[index];
    switch (n.type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return n.boolean;
    case Type::Number:
        return n.number;
    case Type::String:
        return string(index);
    case Type::Array: {
        QJsonArray a;
        for (int c = n.first; c >= 0; c = m_nodes[c].next)
            a.append(toJsonValue(c));
        return a;
    }
    case Type::Object: {
        // QJsonObject keeps its keys sorted: inserting them in order keeps
        // each insertion at the end, so a huge object stays linear.
        QList<std::pair<QString, int>> members;
        members.reserve(n.count);
        for (int c = n.first; c >= 0; c = m_nodes[c].next)
            members.append({key(c), c});
        std::sort(members.begin(), members.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        QJsonObject o;
        for (const auto &[k, c] : std::as_const(members))
            o.insert(k, toJsonValue(c));
        return o;
    }
    }
    return {};
}

} // namespace stackplan::json
