// The fuzz targets, callable both from libFuzzer (fuzz_<name>.cpp built with
// clang) and from the replay test in the normal suite (tst_fuzz, built with
// any compiler). A target returns normally for any input; a broken promise
// (a crash, or an invariant below) aborts with a message. *accepted, when
// given, tells whether the input went all the way through (a design loaded,
// imported or generated), which the replay test uses to judge its mutants.
#pragma once

#include <cstddef>
#include <cstdint>

namespace stackplan::fuzz {

// The design loader: any bytes give a design or diagnostics, never a crash.
// A design that loads survives a save: the canonical bytes load again to a
// design with the same canonical bytes.
int designLoader(const uint8_t *data, size_t size, bool *accepted = nullptr);

// The Mermaid importer: any text gives a design or an error; a design it
// makes is valid (its canonical form loads).
int mermaidImport(const uint8_t *data, size_t size, bool *accepted = nullptr);

// The DOT importer: the same, and hostile DOT never takes the process down
// (cgraph only ever sees text that passed the importer's own checks).
int dotImport(const uint8_t *data, size_t size, bool *accepted = nullptr);

// The bundle generator, fed the designs the loader accepts: it never
// crashes, refuses exactly the designs whose fields fail their grammar, and
// every file it writes passes a small tokenizer for its format.
int bundleGenerator(const uint8_t *data, size_t size, bool *accepted = nullptr);

// Aborts with a message on stderr; used for broken invariants.
[[noreturn]] void fail(const char *target, const char *what);

} // namespace stackplan::fuzz
