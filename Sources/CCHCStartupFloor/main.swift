// The startup floor of `cchc-bench startup` (docs/performance.md): a minimal Foundation program
// — it imports Foundation, reads the process environment and prints one line — built the same
// way as the `cchc` beside it, and linking nothing of the workbench.
import Foundation

print("hello from \(ProcessInfo.processInfo.processName)")
