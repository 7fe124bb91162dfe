// libFuzzer entry point for the DOT importer (the `fuzz` preset).
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return stackplan::fuzz::dotImport(data, size);
}
