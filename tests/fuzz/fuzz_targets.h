// The fuzz targets, callable both from libFuzzer (fuzz_<name>.cpp built with
// clang) and from the replay test in the normal suite (tst_fuzz, built with
// any compiler). A target returns normally for any input; a broken promise
// (a crash, or an invariant below) aborts with a message.
#pragma once

#include <cstddef>
#include <cstdint>

namespace stackplan::fuzz {

// The design loader: any bytes give a design or diagnostics, never a crash.
// A design that loads survives a save: the canonical bytes load again to a
// design with the same canonical bytes.
int designLoader(const uint8_t *data, size_t size);

// Aborts with a message on stderr; used for broken invariants.
[[noreturn]] void fail(const char *target, const char *what);

} // namespace stackplan::fuzz
