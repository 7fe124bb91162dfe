#include "fuzz_targets.h"

#include "core/designio.h"
#include "diagram/import.h"

#include <cstdio>

namespace stackplan::fuzz {

namespace {

void checkImported(const char *target, const ImportResult &result, bool *accepted)
{
    if (accepted)
        *accepted = result.ok();
    if (!result.ok()) {
        if (result.error.isEmpty())
            fail(target, "refused the input without saying why");
        return;
    }
    const LoadResult again = readDesign(writeDesign(*result.design));
    if (!again.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(again.format(QStringLiteral("imported"))));
        fail(target, "made a design that does not load");
    }
    (void)result.report();
}

} // namespace

int mermaidImport(const uint8_t *data, size_t size, bool *accepted)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    checkImported("mermaid_import", importMermaid(QString::fromUtf8(bytes)), accepted);
    return 0;
}

int dotImport(const uint8_t *data, size_t size, bool *accepted)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    checkImported("dot_import", importDot(bytes), accepted);
    return 0;
}

} // namespace stackplan::fuzz
