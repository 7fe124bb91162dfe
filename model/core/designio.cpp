#include "core/designio.h"

#include "core/grammar.h"
#include "core/json.h"
#include "core/schema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <cerrno>
#include <cmath>
#include <cstdio>

namespace stackplan {

QString Diagnostic::format(const QString &fileName) const
{
    const QString level =
        severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
    if (line > 0)
        return QStringLiteral("%1:%2:%3: %4: %5")
            .arg(fileName)
            .arg(line)
            .arg(column)
            .arg(level, message);
    if (!path.isEmpty())
        return QStringLiteral("%1: %2: %3: %4").arg(fileName, level, path, message);
    return QStringLiteral("%1: %2: %3").arg(fileName, level, message);
}

QString LoadResult::format(const QString &fileName) const
{
    QStringList lines;
    for (const Diagnostic &d : errors)
        lines.append(d.format(fileName));
    for (const Diagnostic &d : warnings)
        lines.append(d.format(fileName));
    return lines.join(u'\n');
}

namespace {

constexpr int MaxReportedErrors = 50;

QString quoted(const QString &value)
{
    QString v = value.left(80);
    QString out;
    out.reserve(v.size() + 2);
    out += u'"';
    for (QChar c : v) {
        if (c.unicode() < 0x20 || c.unicode() == 0x2028 || c.unicode() == 0x2029)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else if (c == u'"' || c == u'\\')
            out += u'\\', out += c;
        else
            out += c;
    }
    out += u'"';
    if (value.size() > 80)
        out += QStringLiteral("…");
    return out;
}

struct At
{
    const char *section = nullptr; // nullptr: the top level
    qsizetype index = 0;

    QString path(const QString &rest = QString()) const
    {
        if (!section)
            return rest.startsWith(u'.') ? rest.mid(1) : rest;
        return QLatin1StringView(section) + u'[' + QString::number(index) + u']' + rest;
    }
};

class Reader
{
public:
    LoadResult result;

    void error(const At &at, const QString &rest, const QString &message)
    {
        if (result.errors.size() < MaxReportedErrors)
            result.errors.append({Diagnostic::Severity::Error, at.path(rest), 0, 0, message});
    }
    void warning(const At &at, const QString &rest, const QString &message)
    {
        if (result.warnings.size() < MaxReportedErrors)
            result.warnings.append({Diagnostic::Severity::Warning, at.path(rest), 0, 0, message});
    }

    QString describe(int node) const
    {
        switch (m_json.type(node)) {
        case json::Type::Null:
            return QStringLiteral("null");
        case json::Type::Bool:
            return m_json.node(node).boolean ? QStringLiteral("true") : QStringLiteral("false");
        case json::Type::Number:
            return QString::number(m_json.node(node).number, 'g', QLocale::FloatingPointShortest);
        case json::Type::String:
            return quoted(m_json.string(node));
        case json::Type::Array:
            return QStringLiteral("an array");
        case json::Type::Object:
            return QStringLiteral("an object");
        }
        return {};
    }

    static QString dot(QLatin1StringView key) { return u'.' + QString(key); }

    // Keys of `object` not in `known` go to the returned object, with a warning.
    QJsonObject unknownKeys(int object, const At &at, const QString &rest,
                            std::initializer_list<QLatin1StringView> known)
    {
        QJsonObject extra;
        m_json.forEachChild(object, [&](int member) {
            for (QLatin1StringView k : known) {
                if (m_json.keyIs(member, k))
                    return;
            }
            const QString key = m_json.key(member);
            const QJsonValue value = m_json.toJsonValue(member);
            // Documented extensions (docs/file-format-extensions.md) are kept
            // like unknown keys but are not worth a warning.
            const bool extension = key == QLatin1StringView("pinned") && value.isBool();
            if (!extension)
                warning(at, rest + u'.' + key, QStringLiteral("unknown key (kept)"));
            extra.insert(key, value);
        });
        return extra;
    }

    bool readString(int object, QLatin1StringView key, const At &at, QString *out, Grammar grammar,
                    bool allowEmpty, int maxLength = 0)
    {
        const int v = m_json.member(object, key);
        if (v < 0)
            return true;
        if (m_json.type(v) != json::Type::String) {
            error(at, dot(key), QStringLiteral("expected a string, found %1").arg(describe(v)));
            return false;
        }
        QString s = m_json.string(v);
        if (s.isEmpty() && allowEmpty) {
            *out = s;
            return true;
        }
        if (maxLength > 0 && s.size() > maxLength) {
            error(at, dot(key),
                  QStringLiteral("%1 is longer than %2 characters")
                      .arg(quoted(s), QString::number(maxLength)));
            return false;
        }
        QString why;
        if (!matchesGrammar(grammar, s, &why)) {
            error(at, dot(key),
                  QStringLiteral("%1 is not a valid %2: it %3")
                      .arg(quoted(s), grammarName(grammar), why));
            return false;
        }
        *out = std::move(s);
        return true;
    }

    bool readBool(int object, QLatin1StringView key, const At &at, const QString &rest, bool *out)
    {
        const int v = m_json.member(object, key);
        if (v < 0)
            return true;
        if (m_json.type(v) != json::Type::Bool) {
            error(at, rest + dot(key),
                  QStringLiteral("expected true or false, found %1").arg(describe(v)));
            return false;
        }
        *out = m_json.node(v).boolean;
        return true;
    }

    bool readPort(int v, const At &at, const QString &rest, int *out)
    {
        const double d = m_json.type(v) == json::Type::Number ? m_json.node(v).number : -1;
        if (d != std::floor(d) || d < 1 || d > 65535) {
            error(at, rest,
                  QStringLiteral("expected a port from 1 to 65535, found %1").arg(describe(v)));
            return false;
        }
        *out = int(d);
        return true;
    }

    std::optional<QPointF> readPosition(int object, const At &at)
    {
        const int v = m_json.member(object, QLatin1StringView("position"));
        if (v < 0)
            return std::nullopt;
        const QString rest = QStringLiteral(".position");
        if (m_json.type(v) != json::Type::Object) {
            error(at, rest,
                  QStringLiteral("expected an object {\"x\": …, \"y\": …}, found %1")
                      .arg(describe(v)));
            return std::nullopt;
        }
        m_json.forEachChild(v, [&](int member) {
            if (!m_json.keyIs(member, QLatin1StringView("x")) &&
                !m_json.keyIs(member, QLatin1StringView("y")))
                warning(at, rest + u'.' + m_json.key(member),
                        QStringLiteral("unknown key in a position (dropped)"));
        });
        auto coordinate = [&](QLatin1StringView name) -> std::optional<double> {
            const int c = m_json.member(v, name);
            if (c < 0 || m_json.type(c) != json::Type::Number ||
                std::abs(m_json.node(c).number) > 1e9) {
                error(at, rest + u'.' + QString(name),
                      c < 0 ? QStringLiteral("missing")
                            : QStringLiteral("expected a number from -1e9 to 1e9, found %1")
                                  .arg(describe(c)));
                return std::nullopt;
            }
            return m_json.node(c).number;
        };
        const auto cx = coordinate(QLatin1StringView("x"));
        const auto cy = coordinate(QLatin1StringView("y"));
        if (!cx || !cy)
            return std::nullopt;
        return QPointF(*cx, *cy);
    }

    int requireArray(int top, QLatin1StringView key, bool required)
    {
        const int v = m_json.member(top, key);
        if (v < 0) {
            if (required)
                error(At(), QString(key),
                      QStringLiteral("missing (a design needs its components array)"));
            return -1;
        }
        if (m_json.type(v) != json::Type::Array) {
            error(At(), QString(key),
                  QStringLiteral("expected an array, found %1").arg(describe(v)));
            return -1;
        }
        return v;
    }

    bool isObject(int v, const At &at)
    {
        if (m_json.type(v) != json::Type::Object) {
            error(at, {}, QStringLiteral("expected an object, found %1").arg(describe(v)));
            return false;
        }
        return true;
    }

    bool requireId(int object, const At &at, QString *id)
    {
        if (m_json.member(object, QLatin1StringView("id")) < 0) {
            error(at, QStringLiteral(".id"), QStringLiteral("missing"));
            return false;
        }
        return readString(object, QLatin1StringView("id"), at, id, Grammar::Id, false);
    }

    QHash<QString, At> firstSeen; // id -> the element that has it

    void claimId(const QString &id, const At &at)
    {
        if (id.isEmpty())
            return;
        const auto it = firstSeen.constFind(id);
        if (it != firstSeen.constEnd()) {
            error(
                at, QStringLiteral(".id"),
                QStringLiteral("duplicate id %1 (already used by %2)").arg(quoted(id), it->path()));
            return;
        }
        firstSeen.insert(id, at);
    }

    // True when id names an element of the section ("hosts", "components").
    bool isA(const QString &id, const char *section) const
    {
        const auto it = firstSeen.constFind(id);
        return it != firstSeen.constEnd() && it->section == section;
    }

    void readSettings(int object, const At &at, Component *c)
    {
        const int v = m_json.member(object, QLatin1StringView("settings"));
        if (v < 0)
            return;
        const QString rest = QStringLiteral(".settings");
        if (m_json.type(v) != json::Type::Object) {
            error(at, rest, QStringLiteral("expected an object, found %1").arg(describe(v)));
            return;
        }
        QJsonObject settings;
        m_json.forEachChild(v, [&](int member) {
            const QString key = m_json.key(member);
            const QJsonValue value = m_json.toJsonValue(member);
            settings.insert(key, value);
            const SettingSpec *spec = key.contains(u'.') ? nullptr : findSetting(c->kind, key);
            if (!spec) {
                warning(at, rest + u'.' + key,
                        QStringLiteral("unknown setting for a %1 (kept)").arg(kindName(c->kind)));
                return;
            }
            QString why;
            if (!checkSettingValue(*spec, value, &why)) {
                error(at, rest + u'.' + key, QStringLiteral("%1: %2").arg(describe(member), why));
                return;
            }
            if (spec->type == SettingType::Object) {
                m_json.forEachChild(member, [&](int field) {
                    for (const SettingSpec &f : spec->fields) {
                        if (m_json.keyIs(field, QLatin1StringView(f.key.toLatin1())))
                            return;
                    }
                    warning(at, rest + u'.' + key + u'.' + m_json.key(field),
                            QStringLiteral("unknown setting (kept)"));
                });
            }
        });
        c->settings = std::move(settings);
    }

    void readHosts(int array, Design &design)
    {
        design.hosts.reserve(m_json.node(array).count);
        qsizetype i = 0;
        m_json.forEachChild(array, [&](int o) {
            const At at{"hosts", i++};
            if (!isObject(o, at))
                return;
            Host h;
            requireId(o, at, &h.id);
            claimId(h.id, at);
            readString(o, QLatin1StringView("hostname"), at, &h.hostname, Grammar::Hostname, false);
            readString(o, QLatin1StringView("address"), at, &h.address, Grammar::Address, true);
            readString(o, QLatin1StringView("zone"), at, &h.zone, Grammar::Zone, true);
            readBool(o, QLatin1StringView("monitoring"), at, {}, &h.monitoring);
            const int fw = m_json.member(o, QLatin1StringView("firewall"));
            if (fw >= 0) {
                const QString fp = QStringLiteral(".firewall");
                if (m_json.type(fw) != json::Type::Object) {
                    error(at, fp, QStringLiteral("expected an object, found %1").arg(describe(fw)));
                } else {
                    readBool(fw, QLatin1StringView("enabled"), at, fp, &h.firewallEnabled);
                    const int allow = m_json.member(fw, QLatin1StringView("allow"));
                    if (allow >= 0) {
                        if (m_json.type(allow) != json::Type::Array) {
                            error(at, fp + QStringLiteral(".allow"),
                                  QStringLiteral("expected an array of ports, found %1")
                                      .arg(describe(allow)));
                        } else {
                            qsizetype k = 0;
                            m_json.forEachChild(allow, [&](int item) {
                                int port = 0;
                                if (readPort(item, at, fp + QStringLiteral(".allow[%1]").arg(k++),
                                             &port))
                                    h.firewallAllow.append(port);
                            });
                        }
                    }
                    h.firewallExtra = unknownKeys(
                        fw, at, fp, {QLatin1StringView("enabled"), QLatin1StringView("allow")});
                }
            }
            h.position = readPosition(o, at);
            h.extra = unknownKeys(o, at, {},
                                  {QLatin1StringView("id"), QLatin1StringView("hostname"),
                                   QLatin1StringView("address"), QLatin1StringView("zone"),
                                   QLatin1StringView("firewall"), QLatin1StringView("monitoring"),
                                   QLatin1StringView("position")});
            design.hosts.append(std::move(h));
        });
    }

    void readComponents(int array, Design &design)
    {
        design.components.reserve(m_json.node(array).count);
        qsizetype i = 0;
        m_json.forEachChild(array, [&](int o) {
            const At at{"components", i++};
            if (!isObject(o, at))
                return;
            Component c;
            requireId(o, at, &c.id);
            claimId(c.id, at);
            const int kind = m_json.member(o, QLatin1StringView("kind"));
            if (kind < 0) {
                error(at, QStringLiteral(".kind"), QStringLiteral("missing"));
                return;
            }
            const auto k = m_json.type(kind) == json::Type::String
                               ? kindFromName(m_json.string(kind))
                               : std::nullopt;
            if (!k) {
                QStringList names;
                for (Kind known : allKinds())
                    names.append(kindName(known));
                error(at, QStringLiteral(".kind"),
                      QStringLiteral("%1 is not a kind (one of %2)")
                          .arg(describe(kind), names.join(QStringLiteral(", "))));
                return;
            }
            c.kind = *k;
            if (readString(o, QLatin1StringView("host"), at, &c.host, Grammar::Id, false) &&
                !c.host.isEmpty()) {
                if (!kindSpec(c.kind).mayHaveHost)
                    error(at, QStringLiteral(".host"),
                          QStringLiteral("a %1 component never runs on a host")
                              .arg(kindName(c.kind)));
                else if (!isA(c.host, "hosts"))
                    error(at, QStringLiteral(".host"),
                          QStringLiteral("no host with id %1").arg(quoted(c.host)));
            }
            readString(o, QLatin1StringView("label"), at, &c.label, Grammar::Text, true,
                       MaxNameLength);
            readSettings(o, at, &c);
            c.position = readPosition(o, at);
            c.extra = unknownKeys(o, at, {},
                                  {QLatin1StringView("id"), QLatin1StringView("kind"),
                                   QLatin1StringView("host"), QLatin1StringView("label"),
                                   QLatin1StringView("settings"), QLatin1StringView("position")});
            design.components.append(std::move(c));
        });
    }

    void readLinks(int array, Design &design)
    {
        design.links.reserve(m_json.node(array).count);
        QList<int> missingIds;
        qsizetype i = 0;
        m_json.forEachChild(array, [&](int o) {
            const At at{"links", i++};
            if (!isObject(o, at))
                return;
            Link l;
            if (m_json.member(o, QLatin1StringView("id")) >= 0) {
                readString(o, QLatin1StringView("id"), at, &l.id, Grammar::Id, false);
                claimId(l.id, at);
            } else {
                missingIds.append(int(design.links.size()));
            }
            for (QLatin1StringView end : {QLatin1StringView("from"), QLatin1StringView("to")}) {
                QString *target = end == QLatin1StringView("from") ? &l.from : &l.to;
                if (m_json.member(o, end) < 0) {
                    error(at, dot(end), QStringLiteral("missing"));
                    continue;
                }
                if (readString(o, end, at, target, Grammar::Id, false) &&
                    !isA(*target, "components"))
                    error(at, dot(end),
                          QStringLiteral("no component with id %1").arg(quoted(*target)));
            }
            if (!l.from.isEmpty() && l.from == l.to)
                error(at, QStringLiteral(".to"),
                      QStringLiteral("a link cannot go from %1 to itself").arg(quoted(l.from)));
            const int protocol = m_json.member(o, QLatin1StringView("protocol"));
            if (protocol >= 0) {
                const QString p = m_json.type(protocol) == json::Type::String
                                      ? m_json.string(protocol)
                                      : QString();
                if (p.isEmpty() || !allProtocols().contains(p))
                    error(at, QStringLiteral(".protocol"),
                          QStringLiteral("%1 is not a protocol (one of %2)")
                              .arg(describe(protocol), allProtocols().join(QStringLiteral(", "))));
                else
                    l.protocol = p;
            }
            const int port = m_json.member(o, QLatin1StringView("port"));
            if (port >= 0) {
                int p = 0;
                if (readPort(port, at, QStringLiteral(".port"), &p))
                    l.port = p;
            }
            readString(o, QLatin1StringView("label"), at, &l.label, Grammar::Text, true,
                       MaxNameLength);
            readBool(o, QLatin1StringView("reads_only"), at, {}, &l.readsOnly);
            l.extra = unknownKeys(o, at, {},
                                  {QLatin1StringView("id"), QLatin1StringView("from"),
                                   QLatin1StringView("to"), QLatin1StringView("protocol"),
                                   QLatin1StringView("port"), QLatin1StringView("label"),
                                   QLatin1StringView("reads_only")});
            design.links.append(std::move(l));
        });
        // Links without an id get the first free "l-N", in file order.
        int next = 1;
        for (int index : missingIds) {
            QString id;
            do {
                id = QStringLiteral("l-%1").arg(next++);
            } while (firstSeen.contains(id));
            firstSeen.insert(id, At{"links", index});
            design.links[index].id = id;
        }
    }

    void readNotes(int array, Design &design)
    {
        design.notes.reserve(m_json.node(array).count);
        qsizetype i = 0;
        m_json.forEachChild(array, [&](int o) {
            const At at{"notes", i++};
            if (!isObject(o, at))
                return;
            Note n;
            requireId(o, at, &n.id);
            claimId(n.id, at);
            const int text = m_json.member(o, QLatin1StringView("text"));
            if (text >= 0) {
                if (m_json.type(text) != json::Type::String)
                    error(at, QStringLiteral(".text"),
                          QStringLiteral("expected a string, found %1").arg(describe(text)));
                else if (m_json.string(text).size() > MaxTextLength)
                    error(at, QStringLiteral(".text"),
                          QStringLiteral("is longer than %1 characters").arg(MaxTextLength));
                else
                    n.text = m_json.string(text);
            }
            n.position = readPosition(o, at);
            n.extra = unknownKeys(o, at, {},
                                  {QLatin1StringView("id"), QLatin1StringView("text"),
                                   QLatin1StringView("position")});
            design.notes.append(std::move(n));
        });
    }

    void read(const QByteArray &bytes)
    {
        if (bytes.size() > MaxFileSize) {
            result.errors.append({Diagnostic::Severity::Error, QString(), 0, 0,
                                  QStringLiteral("the file is larger than 64 MiB")});
            return;
        }
        if (!m_json.parse(bytes)) {
            const json::SyntaxError &e = m_json.error();
            result.errors.append({Diagnostic::Severity::Error, QString(), e.line, e.column,
                                  QStringLiteral("JSON syntax error: %1").arg(e.message)});
            return;
        }
        const int top = m_json.root();
        if (m_json.type(top) != json::Type::Object) {
            error(At(), QStringLiteral("$"),
                  QStringLiteral("a design is a JSON object, found %1").arg(describe(top)));
            return;
        }
        const int version = m_json.member(top, QLatin1StringView("stackplan"));
        if (version < 0) {
            error(At(), QStringLiteral("stackplan"),
                  QStringLiteral("missing: not a Stackplan design (it needs \"stackplan\": 1)"));
            return;
        }
        const double v =
            m_json.type(version) == json::Type::Number ? m_json.node(version).number : -1;
        if (v != std::floor(v) || v < 1) {
            error(At(), QStringLiteral("stackplan"),
                  QStringLiteral("expected the format version 1, found %1").arg(describe(version)));
            return;
        }
        if (v > 1) {
            error(At(), QStringLiteral("stackplan"),
                  QStringLiteral("format version %1 is newer than this Stackplan reads (1); "
                                 "update Stackplan to open it")
                      .arg(describe(version)));
            return;
        }
        Design design;
        readString(top, QLatin1StringView("name"), At(), &design.name, Grammar::Text, true,
                   MaxNameLength);
        readString(top, QLatin1StringView("domain"), At(), &design.domain, Grammar::Domain, false);
        const int hosts = requireArray(top, QLatin1StringView("hosts"), false);
        const int components = requireArray(top, QLatin1StringView("components"), true);
        const int links = requireArray(top, QLatin1StringView("links"), false);
        const int notes = requireArray(top, QLatin1StringView("notes"), false);
        qint64 total = 0;
        for (int a : {hosts, components, links, notes})
            total += a >= 0 ? m_json.node(a).count : 0;
        if (total > MaxElements) {
            error(At(), QStringLiteral("$"),
                  QStringLiteral("%1 elements: a design holds at most %2")
                      .arg(QString::number(total), QString::number(MaxElements)));
            return;
        }
        firstSeen.reserve(total);
        if (hosts >= 0)
            readHosts(hosts, design);
        if (components >= 0)
            readComponents(components, design);
        if (links >= 0)
            readLinks(links, design);
        if (notes >= 0)
            readNotes(notes, design);
        design.extra = unknownKeys(top, At(), {},
                                   {QLatin1StringView("stackplan"), QLatin1StringView("name"),
                                    QLatin1StringView("domain"), QLatin1StringView("hosts"),
                                    QLatin1StringView("components"), QLatin1StringView("links"),
                                    QLatin1StringView("notes")});
        if (result.errors.isEmpty()) {
            design.reindex();
            result.design = std::move(design);
        }
    }

private:
    json::Document m_json;
};

// ---- canonical writer ----

void appendEscaped(QByteArray &out, char ch)
{
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"':
        out += "\\\"";
        break;
    case '\\':
        out += "\\\\";
        break;
    case '\n':
        out += "\\n";
        break;
    case '\r':
        out += "\\r";
        break;
    case '\t':
        out += "\\t";
        break;
    case '\b':
        out += "\\b";
        break;
    case '\f':
        out += "\\f";
        break;
    default:
        if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
}

void appendString(QByteArray &out, const QString &s)
{
    out += '"';
    // Ids, addresses and keys are ASCII: copy them without converting the
    // whole string to UTF-8 first.
    const char16_t *p = reinterpret_cast<const char16_t *>(s.utf16());
    const qsizetype n = s.size();
    qsizetype i = 0;
    for (; i < n && p[i] < 0x80; ++i)
        appendEscaped(out, char(p[i]));
    if (i < n) {
        const QByteArray rest = QStringView(s).mid(i).toUtf8();
        for (char ch : rest)
            appendEscaped(out, ch);
    }
    out += '"';
}

void appendNumber(QByteArray &out, double d)
{
    if (d == std::floor(d) && std::abs(d) < 9007199254740992.0) {
        out += QByteArray::number(qint64(d));
        return;
    }
    out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

void appendValue(QByteArray &out, const QJsonValue &v);

void appendKey(QByteArray &out, bool &first, const QString &key)
{
    if (!first)
        out += ", ";
    first = false;
    appendString(out, key);
    out += ": ";
}

void appendObject(QByteArray &out, const QJsonObject &o)
{
    out += '{';
    bool first = true;
    for (auto it = o.begin(); it != o.end(); ++it) {
        appendKey(out, first, it.key());
        appendValue(out, it.value());
    }
    out += '}';
}

void appendValue(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double:
        appendNumber(out, v.toDouble());
        break;
    case QJsonValue::String:
        appendString(out, v.toString());
        break;
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out += ", ";
            appendValue(out, a.at(i));
        }
        out += ']';
        break;
    }
    case QJsonValue::Object:
        appendObject(out, v.toObject());
        break;
    }
}

void appendExtra(QByteArray &out, bool &first, const QJsonObject &extra)
{
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        appendKey(out, first, it.key());
        appendValue(out, it.value());
    }
}

void appendPosition(QByteArray &out, bool &first, const std::optional<QPointF> &position)
{
    if (!position)
        return;
    appendKey(out, first, QStringLiteral("position"));
    out += "{\"x\": ";
    appendNumber(out, position->x());
    out += ", \"y\": ";
    appendNumber(out, position->y());
    out += '}';
}

// Settings in schema order, unknown keys after them (sorted).
void appendSettings(QByteArray &out, const QJsonObject &settings, const QList<SettingSpec> &specs)
{
    out += '{';
    bool first = true;
    for (const SettingSpec &spec : specs) {
        const auto it = settings.constFind(spec.key);
        if (it == settings.constEnd())
            continue;
        appendKey(out, first, spec.key);
        if (spec.type == SettingType::Object && it->isObject())
            appendSettings(out, it->toObject(), spec.fields);
        else
            appendValue(out, *it);
    }
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        bool known = false;
        for (const SettingSpec &spec : specs)
            known = known || spec.key == it.key();
        if (known)
            continue;
        appendKey(out, first, it.key());
        appendValue(out, it.value());
    }
    out += '}';
}

void appendHost(QByteArray &out, const Host &h)
{
    out += '{';
    bool first = true;
    appendKey(out, first, QStringLiteral("id"));
    appendString(out, h.id);
    if (!h.hostname.isEmpty()) {
        appendKey(out, first, QStringLiteral("hostname"));
        appendString(out, h.hostname);
    }
    if (!h.address.isEmpty()) {
        appendKey(out, first, QStringLiteral("address"));
        appendString(out, h.address);
    }
    if (!h.zone.isEmpty()) {
        appendKey(out, first, QStringLiteral("zone"));
        appendString(out, h.zone);
    }
    if (h.firewallEnabled || !h.firewallAllow.isEmpty() || !h.firewallExtra.isEmpty()) {
        appendKey(out, first, QStringLiteral("firewall"));
        out += "{\"enabled\": ";
        out += h.firewallEnabled ? "true" : "false";
        out += ", \"allow\": [";
        for (qsizetype i = 0; i < h.firewallAllow.size(); ++i) {
            if (i)
                out += ", ";
            out += QByteArray::number(h.firewallAllow[i]);
        }
        out += ']';
        bool inner = false;
        appendExtra(out, inner, h.firewallExtra);
        out += '}';
    }
    if (h.monitoring) {
        appendKey(out, first, QStringLiteral("monitoring"));
        out += "true";
    }
    appendPosition(out, first, h.position);
    appendExtra(out, first, h.extra);
    out += '}';
}

void appendComponent(QByteArray &out, const Component &c)
{
    out += '{';
    bool first = true;
    appendKey(out, first, QStringLiteral("id"));
    appendString(out, c.id);
    appendKey(out, first, QStringLiteral("kind"));
    appendString(out, kindName(c.kind));
    if (!c.host.isEmpty()) {
        appendKey(out, first, QStringLiteral("host"));
        appendString(out, c.host);
    }
    if (!c.label.isEmpty()) {
        appendKey(out, first, QStringLiteral("label"));
        appendString(out, c.label);
    }
    if (!c.settings.isEmpty()) {
        appendKey(out, first, QStringLiteral("settings"));
        appendSettings(out, c.settings, kindSpec(c.kind).settings);
    }
    appendPosition(out, first, c.position);
    appendExtra(out, first, c.extra);
    out += '}';
}

void appendLink(QByteArray &out, const Link &l)
{
    out += '{';
    bool first = true;
    appendKey(out, first, QStringLiteral("id"));
    appendString(out, l.id);
    appendKey(out, first, QStringLiteral("from"));
    appendString(out, l.from);
    appendKey(out, first, QStringLiteral("to"));
    appendString(out, l.to);
    if (!l.protocol.isEmpty()) {
        appendKey(out, first, QStringLiteral("protocol"));
        appendString(out, l.protocol);
    }
    if (l.port) {
        appendKey(out, first, QStringLiteral("port"));
        out += QByteArray::number(*l.port);
    }
    if (!l.label.isEmpty()) {
        appendKey(out, first, QStringLiteral("label"));
        appendString(out, l.label);
    }
    if (l.readsOnly) {
        appendKey(out, first, QStringLiteral("reads_only"));
        out += "true";
    }
    appendExtra(out, first, l.extra);
    out += '}';
}

void appendNote(QByteArray &out, const Note &n)
{
    out += '{';
    bool first = true;
    appendKey(out, first, QStringLiteral("id"));
    appendString(out, n.id);
    appendKey(out, first, QStringLiteral("text"));
    appendString(out, n.text);
    appendPosition(out, first, n.position);
    appendExtra(out, first, n.extra);
    out += '}';
}

template<typename T, typename F>
void appendArray(QByteArray &out, const char *key, const QList<T> &items, F appendItem, bool last)
{
    out += "  \"";
    out += key;
    out += "\": [";
    if (!items.isEmpty()) {
        out += '\n';
        for (qsizetype i = 0; i < items.size(); ++i) {
            out += "    ";
            appendItem(out, items[i]);
            if (i + 1 < items.size())
                out += ',';
            out += '\n';
        }
        out += "  ";
    }
    out += ']';
    if (!last)
        out += ',';
    out += '\n';
}

bool writeToStdout(const QByteArray &bytes, QString *error)
{
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly) || out.write(bytes) != bytes.size() ||
        !out.flush()) {
        if (error)
            *error = QStringLiteral("cannot write to standard output");
        return false;
    }
    return true;
}

} // namespace

LoadResult readDesign(const QByteArray &bytes)
{
    Reader reader;
    reader.read(bytes);
    return std::move(reader.result);
}

LoadResult readDesignFile(const QString &path)
{
    QFile file;
    if (path == QStringLiteral("-")) {
        if (!file.open(stdin, QIODevice::ReadOnly)) {
            LoadResult r;
            r.errors.append({Diagnostic::Severity::Error, QString(), 0, 0,
                             QStringLiteral("cannot read standard input")});
            return r;
        }
    } else {
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly)) {
            LoadResult r;
            r.errors.append({Diagnostic::Severity::Error, QString(), 0, 0,
                             QStringLiteral("cannot open: %1").arg(file.errorString())});
            return r;
        }
        if (file.size() > MaxFileSize) {
            LoadResult r;
            r.errors.append({Diagnostic::Severity::Error, QString(), 0, 0,
                             QStringLiteral("the file is larger than 64 MiB")});
            return r;
        }
    }
    // Read at most one byte past the limit, so a stream cannot exhaust memory.
    const QByteArray bytes = file.read(MaxFileSize + 1);
    return readDesign(bytes);
}

QByteArray writeDesign(const Design &design)
{
    QByteArray out;
    out.reserve(256 + design.components.size() * 160 + design.links.size() * 80 +
                design.hosts.size() * 100);
    out += "{\n  \"stackplan\": 1,\n  \"name\": ";
    appendString(out, design.name);
    out += ",\n  \"domain\": ";
    appendString(out, design.domain);
    out += ",\n";
    const bool hasExtra = !design.extra.isEmpty();
    appendArray(out, "hosts", design.hosts, appendHost, false);
    appendArray(out, "components", design.components, appendComponent, false);
    appendArray(out, "links", design.links, appendLink, false);
    appendArray(out, "notes", design.notes, appendNote, !hasExtra);
    for (auto it = design.extra.begin(); it != design.extra.end(); ++it) {
        out += "  ";
        appendString(out, it.key());
        out += ": ";
        appendValue(out, it.value());
        if (std::next(it) != design.extra.end())
            out += ',';
        out += '\n';
    }
    out += "}\n";
    return out;
}

bool saveBytes(const QByteArray &bytes, const QString &path, QString *error)
{
    if (path == QStringLiteral("-"))
        return writeToStdout(bytes, error);
    QSaveFile file(path);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    // flush() before commit(): QSaveFile::commit() does not see a failure of the
    // last buffered write (a full disk), and would put a truncated file in place.
    errno = 0;
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        // A short write (a full disk) leaves Qt's error string empty: say the system's reason.
        if (error)
            *error = QStringLiteral("%1: cannot write: %2")
                         .arg(path, errno != 0 ? qt_error_string(errno) : file.errorString());
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool saveDesign(const Design &design, const QString &path, QString *error)
{
    return saveBytes(writeDesign(design), path, error);
}

} // namespace stackplan
