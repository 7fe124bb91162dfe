#include "core/designio.h"

#include "core/grammar.h"
#include "core/schema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <cmath>
#include <cstdio>

namespace stackplan {

QString Diagnostic::format(const QString &fileName) const
{
    const QString level =
        severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
    if (line > 0)
        return QStringLiteral("%1:%2:%3: %4: %5").arg(fileName).arg(line).arg(column).arg(level, message);
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

QString describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::String:
        return quoted(v.toString());
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

class Reader
{
public:
    LoadResult result;

    void error(const QString &path, const QString &message)
    {
        if (result.errors.size() < MaxReportedErrors)
            result.errors.append({Diagnostic::Severity::Error, path, 0, 0, message});
    }
    void warning(const QString &path, const QString &message)
    {
        if (result.warnings.size() < MaxReportedErrors)
            result.warnings.append({Diagnostic::Severity::Warning, path, 0, 0, message});
    }

    // Keys of `object` not in `known` go to the returned object, with a warning.
    QJsonObject unknownKeys(const QJsonObject &object, const QString &path,
                            std::initializer_list<QLatin1StringView> known)
    {
        QJsonObject extra;
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool isKnown = false;
            for (QLatin1StringView k : known) {
                if (it.key() == k) {
                    isKnown = true;
                    break;
                }
            }
            if (!isKnown) {
                warning(path + u'.' + it.key(), QStringLiteral("unknown key (kept)"));
                extra.insert(it.key(), it.value());
            }
        }
        return extra;
    }

    bool readString(const QJsonObject &o, QLatin1StringView key, const QString &path, QString *out,
                    Grammar grammar, bool allowEmpty, int maxLength = 0)
    {
        const auto it = o.constFind(key);
        if (it == o.constEnd())
            return true;
        const QString p = path + u'.' + key;
        if (!it->isString()) {
            error(p, QStringLiteral("expected a string, found %1").arg(describe(*it)));
            return false;
        }
        const QString s = it->toString();
        if (s.isEmpty() && allowEmpty) {
            *out = s;
            return true;
        }
        if (maxLength > 0 && s.size() > maxLength) {
            error(p, QStringLiteral("%1 is longer than %2 characters").arg(quoted(s)).arg(maxLength));
            return false;
        }
        QString why;
        if (!matchesGrammar(grammar, s, &why)) {
            error(p, QStringLiteral("%1 is not a valid %2: it %3")
                         .arg(quoted(s), grammarName(grammar), why));
            return false;
        }
        *out = s;
        return true;
    }

    bool readBool(const QJsonObject &o, QLatin1StringView key, const QString &path, bool *out)
    {
        const auto it = o.constFind(key);
        if (it == o.constEnd())
            return true;
        if (!it->isBool()) {
            error(path + u'.' + key,
                  QStringLiteral("expected true or false, found %1").arg(describe(*it)));
            return false;
        }
        *out = it->toBool();
        return true;
    }

    bool readPort(const QJsonValue &v, const QString &path, int *out)
    {
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != std::floor(d) || d < 1 || d > 65535) {
            error(path, QStringLiteral("expected a port from 1 to 65535, found %1").arg(describe(v)));
            return false;
        }
        *out = int(d);
        return true;
    }

    std::optional<QPointF> readPosition(const QJsonObject &o, const QString &path)
    {
        const auto it = o.constFind(QLatin1StringView("position"));
        if (it == o.constEnd())
            return std::nullopt;
        const QString p = path + QStringLiteral(".position");
        if (!it->isObject()) {
            error(p, QStringLiteral("expected an object {\"x\": …, \"y\": …}, found %1")
                         .arg(describe(*it)));
            return std::nullopt;
        }
        const QJsonObject pos = it->toObject();
        const QJsonValue x = pos.value(QLatin1StringView("x"));
        const QJsonValue y = pos.value(QLatin1StringView("y"));
        for (auto k = pos.begin(); k != pos.end(); ++k) {
            if (k.key() != QLatin1StringView("x") && k.key() != QLatin1StringView("y"))
                warning(p + u'.' + k.key(), QStringLiteral("unknown key in a position (dropped)"));
        }
        auto coordinate = [&](const QJsonValue &v, QLatin1StringView name) -> std::optional<double> {
            if (!v.isDouble() || !std::isfinite(v.toDouble()) || std::abs(v.toDouble()) > 1e9) {
                error(p + u'.' + name,
                      QStringLiteral("expected a number, found %1").arg(describe(v)));
                return std::nullopt;
            }
            return v.toDouble();
        };
        const auto cx = coordinate(x, QLatin1StringView("x"));
        const auto cy = coordinate(y, QLatin1StringView("y"));
        if (!cx || !cy)
            return std::nullopt;
        return QPointF(*cx, *cy);
    }

    QJsonArray requireArray(const QJsonObject &top, QLatin1StringView key, bool required)
    {
        const auto it = top.constFind(key);
        if (it == top.constEnd()) {
            if (required)
                error(QString(key), QStringLiteral("missing (a design needs its components array)"));
            return {};
        }
        if (!it->isArray()) {
            error(QString(key), QStringLiteral("expected an array, found %1").arg(describe(*it)));
            return {};
        }
        return it->toArray();
    }

    bool objectAt(const QJsonValue &v, const QString &path, QJsonObject *out)
    {
        if (!v.isObject()) {
            error(path, QStringLiteral("expected an object, found %1").arg(describe(v)));
            return false;
        }
        *out = v.toObject();
        return true;
    }

    bool requireId(const QJsonObject &o, const QString &path, QString *id)
    {
        const auto it = o.constFind(QLatin1StringView("id"));
        if (it == o.constEnd()) {
            error(path + QStringLiteral(".id"), QStringLiteral("missing"));
            return false;
        }
        return readString(o, QLatin1StringView("id"), path, id, Grammar::Id, false);
    }

    QHash<QString, QString> firstSeen; // id -> path

    void claimId(const QString &id, const QString &path)
    {
        if (id.isEmpty())
            return;
        const auto it = firstSeen.constFind(id);
        if (it != firstSeen.constEnd()) {
            error(path + QStringLiteral(".id"),
                  QStringLiteral("duplicate id %1 (already used by %2)").arg(quoted(id), *it));
            return;
        }
        firstSeen.insert(id, path);
    }

    void readSettings(const QJsonObject &o, const QString &path, Component *c)
    {
        const auto it = o.constFind(QLatin1StringView("settings"));
        if (it == o.constEnd())
            return;
        const QString p = path + QStringLiteral(".settings");
        if (!it->isObject()) {
            error(p, QStringLiteral("expected an object, found %1").arg(describe(*it)));
            return;
        }
        const QJsonObject settings = it->toObject();
        for (auto s = settings.begin(); s != settings.end(); ++s) {
            const SettingSpec *spec = findSetting(c->kind, s.key());
            const QString sp = p + u'.' + s.key();
            if (!spec || s.key().contains(u'.')) {
                warning(sp, QStringLiteral("unknown setting for a %1 (kept)").arg(kindName(c->kind)));
                continue;
            }
            QString why;
            if (!checkSettingValue(*spec, s.value(), &why)) {
                error(sp, QStringLiteral("%1: %2").arg(describe(s.value()), why));
                continue;
            }
            if (spec->type == SettingType::Object) {
                const QJsonObject inner = s.value().toObject();
                for (auto f = inner.begin(); f != inner.end(); ++f) {
                    bool known = false;
                    for (const SettingSpec &field : spec->fields)
                        known = known || field.key == f.key();
                    if (!known)
                        warning(sp + u'.' + f.key(), QStringLiteral("unknown setting (kept)"));
                }
            }
        }
        c->settings = settings;
    }

    void readHosts(const QJsonArray &array, Design &design)
    {
        design.hosts.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = QStringLiteral("hosts[%1]").arg(i);
            QJsonObject o;
            if (!objectAt(array.at(i), path, &o))
                continue;
            Host h;
            requireId(o, path, &h.id);
            claimId(h.id, path);
            readString(o, QLatin1StringView("hostname"), path, &h.hostname, Grammar::Hostname, false);
            readString(o, QLatin1StringView("address"), path, &h.address, Grammar::Address, true);
            readString(o, QLatin1StringView("zone"), path, &h.zone, Grammar::Zone, true);
            readBool(o, QLatin1StringView("monitoring"), path, &h.monitoring);
            const auto fw = o.constFind(QLatin1StringView("firewall"));
            if (fw != o.constEnd()) {
                const QString fp = path + QStringLiteral(".firewall");
                QJsonObject f;
                if (objectAt(*fw, fp, &f)) {
                    readBool(f, QLatin1StringView("enabled"), fp, &h.firewallEnabled);
                    const auto allow = f.constFind(QLatin1StringView("allow"));
                    if (allow != f.constEnd()) {
                        if (!allow->isArray()) {
                            error(fp + QStringLiteral(".allow"),
                                  QStringLiteral("expected an array of ports, found %1")
                                      .arg(describe(*allow)));
                        } else {
                            const QJsonArray a = allow->toArray();
                            for (qsizetype k = 0; k < a.size(); ++k) {
                                int port = 0;
                                if (readPort(a.at(k), fp + QStringLiteral(".allow[%1]").arg(k), &port))
                                    h.firewallAllow.append(port);
                            }
                        }
                    }
                    h.firewallExtra = unknownKeys(f, fp,
                                                  {QLatin1StringView("enabled"),
                                                   QLatin1StringView("allow")});
                }
            }
            h.position = readPosition(o, path);
            h.extra = unknownKeys(o, path,
                                  {QLatin1StringView("id"), QLatin1StringView("hostname"),
                                   QLatin1StringView("address"), QLatin1StringView("zone"),
                                   QLatin1StringView("firewall"), QLatin1StringView("monitoring"),
                                   QLatin1StringView("position")});
            design.hosts.append(std::move(h));
        }
    }

    void readComponents(const QJsonArray &array, Design &design, const QSet<QString> &hostIds)
    {
        design.components.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = QStringLiteral("components[%1]").arg(i);
            QJsonObject o;
            if (!objectAt(array.at(i), path, &o))
                continue;
            Component c;
            requireId(o, path, &c.id);
            claimId(c.id, path);
            const auto kind = o.constFind(QLatin1StringView("kind"));
            if (kind == o.constEnd()) {
                error(path + QStringLiteral(".kind"), QStringLiteral("missing"));
                continue;
            }
            const auto k = kind->isString() ? kindFromName(kind->toString()) : std::nullopt;
            if (!k) {
                QStringList names;
                for (Kind known : allKinds())
                    names.append(kindName(known));
                error(path + QStringLiteral(".kind"), QStringLiteral("%1 is not a kind (one of %2)")
                                                          .arg(describe(*kind),
                                                               names.join(QStringLiteral(", "))));
                continue;
            }
            c.kind = *k;
            if (readString(o, QLatin1StringView("host"), path, &c.host, Grammar::Id, false) &&
                !c.host.isEmpty()) {
                if (!kindSpec(c.kind).mayHaveHost)
                    error(path + QStringLiteral(".host"),
                          QStringLiteral("a %1 component never runs on a host").arg(kindName(c.kind)));
                else if (!hostIds.contains(c.host))
                    error(path + QStringLiteral(".host"),
                          QStringLiteral("no host with id %1").arg(quoted(c.host)));
            }
            readString(o, QLatin1StringView("label"), path, &c.label, Grammar::Text, true,
                       MaxNameLength);
            readSettings(o, path, &c);
            c.position = readPosition(o, path);
            c.extra = unknownKeys(o, path,
                                  {QLatin1StringView("id"), QLatin1StringView("kind"),
                                   QLatin1StringView("host"), QLatin1StringView("label"),
                                   QLatin1StringView("settings"), QLatin1StringView("position")});
            design.components.append(std::move(c));
        }
    }

    void readLinks(const QJsonArray &array, Design &design, const QSet<QString> &componentIds)
    {
        design.links.reserve(array.size());
        QList<int> missingIds;
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = QStringLiteral("links[%1]").arg(i);
            QJsonObject o;
            if (!objectAt(array.at(i), path, &o))
                continue;
            Link l;
            if (o.contains(QLatin1StringView("id"))) {
                readString(o, QLatin1StringView("id"), path, &l.id, Grammar::Id, false);
                claimId(l.id, path);
            } else {
                missingIds.append(int(design.links.size()));
            }
            for (QLatin1StringView end : {QLatin1StringView("from"), QLatin1StringView("to")}) {
                QString *target = end == QLatin1StringView("from") ? &l.from : &l.to;
                if (!o.contains(end)) {
                    error(path + u'.' + end, QStringLiteral("missing"));
                    continue;
                }
                if (readString(o, end, path, target, Grammar::Id, false) &&
                    !componentIds.contains(*target))
                    error(path + u'.' + end,
                          QStringLiteral("no component with id %1").arg(quoted(*target)));
            }
            if (!l.from.isEmpty() && l.from == l.to)
                error(path + QStringLiteral(".to"),
                      QStringLiteral("a link cannot go from %1 to itself").arg(quoted(l.from)));
            const auto protocol = o.constFind(QLatin1StringView("protocol"));
            if (protocol != o.constEnd()) {
                if (!protocol->isString() || !allProtocols().contains(protocol->toString()))
                    error(path + QStringLiteral(".protocol"),
                          QStringLiteral("%1 is not a protocol (one of %2)")
                              .arg(describe(*protocol), allProtocols().join(QStringLiteral(", "))));
                else
                    l.protocol = protocol->toString();
            }
            const auto port = o.constFind(QLatin1StringView("port"));
            if (port != o.constEnd()) {
                int p = 0;
                if (readPort(*port, path + QStringLiteral(".port"), &p))
                    l.port = p;
            }
            readString(o, QLatin1StringView("label"), path, &l.label, Grammar::Text, true,
                       MaxNameLength);
            readBool(o, QLatin1StringView("reads_only"), path, &l.readsOnly);
            l.extra = unknownKeys(o, path,
                                  {QLatin1StringView("id"), QLatin1StringView("from"),
                                   QLatin1StringView("to"), QLatin1StringView("protocol"),
                                   QLatin1StringView("port"), QLatin1StringView("label"),
                                   QLatin1StringView("reads_only")});
            design.links.append(std::move(l));
        }
        // Links without an id get the first free "l-N", in file order.
        int next = 1;
        for (int index : missingIds) {
            QString id;
            do {
                id = QStringLiteral("l-%1").arg(next++);
            } while (firstSeen.contains(id));
            firstSeen.insert(id, QStringLiteral("links[%1]").arg(index));
            design.links[index].id = id;
        }
    }

    void readNotes(const QJsonArray &array, Design &design)
    {
        design.notes.reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString path = QStringLiteral("notes[%1]").arg(i);
            QJsonObject o;
            if (!objectAt(array.at(i), path, &o))
                continue;
            Note n;
            requireId(o, path, &n.id);
            claimId(n.id, path);
            const auto text = o.constFind(QLatin1StringView("text"));
            if (text != o.constEnd()) {
                if (!text->isString())
                    error(path + QStringLiteral(".text"),
                          QStringLiteral("expected a string, found %1").arg(describe(*text)));
                else if (text->toString().size() > MaxTextLength)
                    error(path + QStringLiteral(".text"),
                          QStringLiteral("is longer than %1 characters").arg(MaxTextLength));
                else
                    n.text = text->toString();
            }
            n.position = readPosition(o, path);
            n.extra = unknownKeys(o, path,
                                  {QLatin1StringView("id"), QLatin1StringView("text"),
                                   QLatin1StringView("position")});
            design.notes.append(std::move(n));
        }
    }

    void read(const QByteArray &bytes)
    {
        if (bytes.size() > MaxFileSize) {
            result.errors.append({Diagnostic::Severity::Error, QString(), 0, 0,
                                  QStringLiteral("the file is larger than 64 MiB")});
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            const int offset = qBound(0, parseError.offset, int(bytes.size()));
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; ++i) {
                if (bytes[i] == '\n') {
                    ++line;
                    lineStart = i + 1;
                }
            }
            // Columns count characters, not bytes.
            const int column =
                int(QString::fromUtf8(bytes.constData() + lineStart, offset - lineStart).size()) + 1;
            result.errors.append({Diagnostic::Severity::Error, QString(), line, column,
                                  QStringLiteral("JSON syntax error: %1").arg(parseError.errorString())});
            return;
        }
        if (!doc.isObject()) {
            error(QStringLiteral("$"), QStringLiteral("a design is a JSON object"));
            return;
        }
        const QJsonObject top = doc.object();
        const auto version = top.constFind(QLatin1StringView("stackplan"));
        if (version == top.constEnd()) {
            error(QStringLiteral("stackplan"),
                  QStringLiteral("missing: not a Stackplan design (it needs \"stackplan\": 1)"));
            return;
        }
        const double v = version->toDouble(-1);
        if (!version->isDouble() || v != std::floor(v) || v < 1) {
            error(QStringLiteral("stackplan"),
                  QStringLiteral("expected the format version 1, found %1").arg(describe(*version)));
            return;
        }
        if (v > 1) {
            error(QStringLiteral("stackplan"),
                  QStringLiteral("format version %1 is newer than this Stackplan reads (1); "
                                 "update Stackplan to open it")
                      .arg(describe(*version)));
            return;
        }
        Design design;
        readString(top, QLatin1StringView("name"), QString(), &design.name, Grammar::Text, true,
                   MaxNameLength);
        readString(top, QLatin1StringView("domain"), QString(), &design.domain, Grammar::Domain,
                   false);
        // Paths of top-level keys have no leading dot.
        for (Diagnostic &d : result.errors) {
            if (d.path.startsWith(u'.'))
                d.path.remove(0, 1);
        }
        const QJsonArray hosts = requireArray(top, QLatin1StringView("hosts"), false);
        const QJsonArray components = requireArray(top, QLatin1StringView("components"), true);
        const QJsonArray links = requireArray(top, QLatin1StringView("links"), false);
        const QJsonArray notes = requireArray(top, QLatin1StringView("notes"), false);
        const qint64 total = hosts.size() + components.size() + links.size() + notes.size();
        if (total > MaxElements) {
            error(QStringLiteral("$"),
                  QStringLiteral("%1 elements: a design holds at most %2").arg(total).arg(MaxElements));
            return;
        }
        firstSeen.reserve(total);
        readHosts(hosts, design);
        QSet<QString> hostIds;
        hostIds.reserve(design.hosts.size());
        for (const Host &h : std::as_const(design.hosts))
            hostIds.insert(h.id);
        readComponents(components, design, hostIds);
        QSet<QString> componentIds;
        componentIds.reserve(design.components.size());
        for (const Component &c : std::as_const(design.components))
            componentIds.insert(c.id);
        readLinks(links, design, componentIds);
        readNotes(notes, design);
        design.extra = unknownKeys(top, QString(),
                                   {QLatin1StringView("stackplan"), QLatin1StringView("name"),
                                    QLatin1StringView("domain"), QLatin1StringView("hosts"),
                                    QLatin1StringView("components"), QLatin1StringView("links"),
                                    QLatin1StringView("notes")});
        for (Diagnostic &d : result.warnings) {
            if (d.path.startsWith(u'.'))
                d.path.remove(0, 1);
        }
        if (result.errors.isEmpty()) {
            design.reindex();
            result.design = std::move(design);
        }
    }
};

// ---- canonical writer ----

void appendString(QByteArray &out, const QString &s)
{
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (char ch : utf8) {
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
    if (!out.open(stdout, QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.flush()) {
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
    if (file.write(bytes) != bytes.size()) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
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
