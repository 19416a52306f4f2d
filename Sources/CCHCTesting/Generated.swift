import Foundation

/// Large synthetic inputs for reliability tests and benchmarks: a criteria set with many leaves,
/// many units, and a long-form scores file.
public enum Generated {
    /// A criteria set `bench` of `fields` fields × `leavesPerField` manual leaves of 1 point each.
    public static func criteriaYAML(fields: Int = 10, leavesPerField: Int = 10) -> String {
        var lines = [
            "schema_version: 1", "sets:", "  - id: bench", "    title: \"Bộ tiêu chí thử tải\"", "    level: commune",
            "    year: 2024", "    ranking:", "      bands:", "        - {code: tot, name: \"Tốt\", min: 80}",
            "        - {code: kha, name: \"Khá\", min: 60}", "        - {code: yeu, name: \"Yếu\", min: 0}",
            "    fields:",
        ]
        for field in 1...fields {
            lines += [
                "      - id: \"\(field)\"", "        title: \"Lĩnh vực \(field)\"",
                "        max_points: \(leavesPerField)",
                "        criteria:",
            ]
            for leaf in 1...leavesPerField {
                lines += [
                    "          - id: \"\(field).\(leaf)\"", "            title: \"Tiêu chí \(field).\(leaf)\"",
                    "            max_points: 1", "            rule: {kind: manual}",
                ]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `unit_id,name,kind,set` for `count` units of set `bench`.
    public static func unitsCSV(count: Int) -> String {
        "unit_id,name,kind,set\n" + (0..<count).map { "u\($0),Xã số \($0),commune,bench" }.joined(separator: "\n")
            + "\n"
    }

    /// Writes `units × fields × leavesPerField` score rows (stage appraisal1) to `path`, streaming.
    /// `seed` varies the points (two years of the same units: two seeds).
    public static func writeScoresCSV(
        to path: String, units: Int, fields: Int = 10, leavesPerField: Int = 10, seed: UInt64 = 0x2545_F491_4F6C_DD1D
    ) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        var chunk = "unit_id,criterion_id,stage,points\n"
        var random = seed == 0 ? 1 : seed
        for unit in 0..<units {
            for field in 1...fields {
                for leaf in 1...leavesPerField {
                    random ^= random << 13
                    random ^= random >> 7
                    random ^= random << 17
                    let points = Double(random % 5) / 4  // 0, 0.25, …, 1
                    chunk += "u\(unit),\(field).\(leaf),appraisal1,\(points)\n"
                }
            }
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }
}
