#include "fuzz_targets.h"

#include "core/designio.h"
#include "generate/bundle.h"

#include <QStringList>

#include <cstdio>
#include <cstring>

namespace stackplan::fuzz {

namespace {

[[noreturn]] void failFile(const GeneratedFile &file, const char *what)
{
    std::fprintf(stderr, "%s:\n%s\n", qPrintable(file.path), file.content.constData());
    fail("bundle_generator", what);
}

// Follows quoted strings through text: true when text[i] is part of one (an
// opening or closing quote, or inside, where a backslash escapes the next
// character), which the caller then skips. `quote` holds the open quote.
bool quoted(const QByteArray &text, qsizetype &i, char &quote, const char *quotes = "\"'")
{
    const char c = text[i];
    if (quote) {
        if (c == '\\')
            ++i;
        else if (c == quote)
            quote = 0;
        return true;
    }
    if (c != 0 && std::strchr(quotes, c)) {
        quote = c;
        return true;
    }
    return false;
}

// Strips a comment that starts at `marker` outside quotes; reports unbalanced quotes.
bool stripComment(QByteArray &line, const char *markers)
{
    char quote = 0;
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (quoted(line, i, quote))
            continue;
        if (std::strchr(markers, line[i])) {
            line.truncate(i);
            break;
        }
    }
    return quote == 0;
}

// nginx: statements end with ';', blocks nest, quotes close on their line.
bool nginxTokens(const QByteArray &text)
{
    int depth = 0;
    bool pending = false;
    for (QByteArray line : text.split('\n')) {
        if (!stripComment(line, "#"))
            return false;
        char quote = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (quoted(line, i, quote)) {
                pending = true;
                continue;
            }
            const char c = line[i];
            if (c == ';') {
                if (!pending)
                    return false;
                pending = false;
            } else if (c == '{') {
                if (!pending)
                    return false;
                pending = false;
                ++depth;
            } else if (c == '}') {
                if (pending || --depth < 0)
                    return false;
            } else if (c != ' ' && c != '\t') {
                pending = true;
            }
        }
    }
    return depth == 0 && !pending;
}

// Brace-structured files (keepalived, nftables): braces nest, quotes close.
bool bracesBalance(const QByteArray &text, const char *commentMarkers)
{
    int depth = 0;
    for (QByteArray line : text.split('\n')) {
        if (!stripComment(line, commentMarkers))
            return false;
        for (char c : std::as_const(line)) {
            if (c == '{')
                ++depth;
            else if (c == '}' && --depth < 0)
                return false;
        }
    }
    return depth == 0;
}

// HAProxy: a line at column 0 opens a section; everything else is indented.
bool haproxyTokens(const QByteArray &text)
{
    static const QList<QByteArray> sections{
        "global",    "defaults", "frontend", "backend",     "listen", "userlist", "peers",
        "resolvers", "mailers",  "program",  "http-errors", "ring",   "cache"};
    for (QByteArray line : text.split('\n')) {
        if (!stripComment(line, "#"))
            return false;
        if (line.trimmed().isEmpty())
            continue;
        if (line[0] != ' ' && line[0] != '\t' && !sections.contains(line.split(' ').front()))
            return false;
    }
    return true;
}

// MySQL option files: [section], key, key = value, comments.
bool cnfTokens(const QByteArray &text)
{
    bool inSection = false;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(';'))
            continue;
        if (line.startsWith('[')) {
            if (!line.endsWith(']'))
                return false;
            inSection = true;
            continue;
        }
        const QByteArray key = line.split('=').front().trimmed();
        if (!inSection || key.isEmpty() || key.contains(' '))
            return false;
    }
    return true;
}

// SQL: quotes close, statements end with ';'.
bool sqlTokens(const QByteArray &text)
{
    char quote = 0;
    bool pending = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (quoted(text, i, quote, "'\"`")) {
            pending = true;
            continue;
        }
        const char c = text[i];
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n')
                ++i;
        } else if (c == ';') {
            pending = false;
        } else if (!QChar::isSpace(uchar(c))) {
            pending = true;
        }
    }
    return quote == 0 && !pending;
}

// YAML as Prometheus reads it: spaces only, quotes close on their line.
bool yamlTokens(const QByteArray &text)
{
    for (QByteArray line : text.split('\n')) {
        if (line.contains('\t') || !stripComment(line, "#"))
            return false;
    }
    return true;
}

void checkFile(const GeneratedFile &file)
{
    const QString &path = file.path;
    if (path.isEmpty() || path.startsWith(u'/') || path.contains(u'\\') ||
        path.contains(QStringLiteral("//")) || path.split(u'/').contains(QStringLiteral("..")) ||
        path.split(u'/').contains(QStringLiteral(".")))
        failFile(file, "a path that leaves the bundle");
    if (QString::fromUtf8(file.content).toUtf8() != file.content)
        failFile(file, "not UTF-8");
    for (char c : file.content) {
        if (uchar(c) < 0x20 && c != '\n' && c != '\t')
            failFile(file, "a control character");
    }
    bool ok = true;
    if (path.endsWith(QStringLiteral("/haproxy.cfg")))
        ok = haproxyTokens(file.content);
    else if (path.contains(QStringLiteral("/nginx/")))
        ok = nginxTokens(file.content);
    else if (path.endsWith(QStringLiteral("/keepalived.conf")))
        ok = bracesBalance(file.content, "#!");
    else if (path.endsWith(QStringLiteral("/nftables.conf")))
        ok = bracesBalance(file.content, "#");
    else if (path.endsWith(QStringLiteral(".cnf")))
        ok = cnfTokens(file.content);
    else if (path.endsWith(QStringLiteral(".sql")))
        ok = sqlTokens(file.content);
    else if (path.endsWith(QStringLiteral(".yml")) || path.endsWith(QStringLiteral(".yaml")))
        ok = yamlTokens(file.content);
    else if (path.endsWith(QStringLiteral(".stackplan")))
        ok = readDesign(file.content).ok();
    if (!ok)
        failFile(file, "a file that does not tokenize in its format");
}

} // namespace

int bundleGenerator(const uint8_t *data, size_t size, bool *accepted)
{
    if (accepted)
        *accepted = false;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const LoadResult loaded = readDesign(bytes);
    if (!loaded.ok())
        return 0;
    const Design &design = *loaded.design;
    const QList<GenerateError> fieldErrors = checkGeneratedFields(design);
    const BundleResult bundle = generateBundle(design);
    if (!fieldErrors.isEmpty() && bundle.ok())
        fail("bundle_generator", "generated a design whose fields fail their grammars");
    if (!bundle.ok()) {
        if (bundle.formatErrors().isEmpty())
            fail("bundle_generator", "refused a design without saying why");
        return 0;
    }
    if (bundle.files.isEmpty())
        fail("bundle_generator", "an empty bundle");
    for (qsizetype i = 0; i < bundle.files.size(); ++i) {
        if (i > 0 && !(bundle.files[i - 1].path < bundle.files[i].path))
            fail("bundle_generator", "files not sorted by path, or a path twice");
        checkFile(bundle.files[i]);
    }
    if (accepted)
        *accepted = true;
    return 0;
}

} // namespace stackplan::fuzz
