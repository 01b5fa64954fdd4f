import Foundation

/// How much fuzzing a run does, from the environment:
///
/// - `METASPO_FUZZ_COUNT`: inputs per parser (default 1,000 — the CI run; the
///   dedicated run uses 100,000).
/// - `METASPO_FUZZ_SEED`: the seed of the input stream (default 1), so any
///   input can be made again from its seed and number.
/// - `METASPO_FUZZ_DEADLINE`: seconds one input may take before it counts as a
///   hang (default 10; a debug build on a busy machine is slow, a hang is endless).
/// - `METASPO_FUZZ_SAVE`: where the input that crashed or hung is written.
/// - `METASPO_FUZZ_ONLY`: run just this input number (the others are made, not
///   run), to look at one input a report named.
enum FuzzSettings {
    static let environment = ProcessInfo.processInfo.environment
    static let count = environment["METASPO_FUZZ_COUNT"].flatMap(Int.init) ?? 1_000
    static let seed = environment["METASPO_FUZZ_SEED"].flatMap(UInt64.init) ?? 1
    static let deadline = environment["METASPO_FUZZ_DEADLINE"].flatMap(Double.init) ?? 10
    static let only = environment["METASPO_FUZZ_ONLY"].flatMap(Int.init)
    static let savePath = environment["METASPO_FUZZ_SAVE"] ?? NSTemporaryDirectory() + "metaspo-fuzz-input.bin"
    /// The longest input made (bytes); long enough for deep nesting and long lines.
    static let maxLength = 64 * 1024
}
