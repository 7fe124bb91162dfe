#include "fuzz_targets.h"

#include "core/designio.h"

#include <cstdio>
#include <cstdlib>

namespace stackplan::fuzz {

void fail(const char *target, const char *what)
{
    std::fprintf(stderr, "fuzz target %s: %s\n", target, what);
    std::abort();
}

int designLoader(const uint8_t *data, size_t size, bool *accepted)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (accepted)
        *accepted = false;
    const LoadResult loaded = readDesign(bytes);
    // Formatting the diagnostics walks every message and path.
    const QString text = loaded.format(QStringLiteral("fuzz.stackplan"));
    if (!loaded.ok()) {
        if (loaded.errors.isEmpty())
            fail("design_loader", "refused a design without saying why");
        if (text.isEmpty())
            fail("design_loader", "errors format to nothing");
        return 0;
    }
    const QByteArray canonical = writeDesign(*loaded.design);
    const LoadResult again = readDesign(canonical);
    if (!again.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(again.format(QStringLiteral("canonical"))));
        fail("design_loader", "the canonical form of a loaded design does not load");
    }
    if (writeDesign(*again.design) != canonical)
        fail("design_loader", "the canonical form is not stable across a save and a load");
    if (accepted)
        *accepted = true;
    return 0;
}

} // namespace stackplan::fuzz
