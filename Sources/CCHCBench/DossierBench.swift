import CCHCTesting
import Foundation

/// `cchc-bench dossiers [--rows N] [--runs R] [--office] [--anomalies SHARE] [DIR]`: `import
/// dossiers` of an N-row synthetic export into per-unit evidence (time and peak memory) and the
/// same with `--check` (no write), beside DuckDB's `read_csv` + `GROUP BY` computing the same
/// rates from the same file twice: as written (the peer recorded since issue D, which does not
/// look for anomalies) and with the import's rules for anomalies (rows resolved or due before
/// received, and ids seen before in file order, set aside), which is the same work; and a check
/// that the second gives the values cchc stored, anomaly counts included. `--anomalies` has
/// that share of the rows written as anomalies (default none).
func dossierBenchmark(_ arguments: [String], ownDirectory: String, scratch: String) throws {
    let rows = option("--rows", in: arguments).flatMap { Int($0) } ?? 10_000_000
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 3
    // --office: the shape offices' exports have (Vietnamese headers, ';', BOM, CRLF,
    // dd/MM/yyyy HH:mm, yes/no in mixed spellings), DuckDB reading the same file.
    let office = arguments.contains("--office")
    let anomalies = option("--anomalies", in: arguments) ?? "0"
    let directory =
        positional(arguments.filter { $0 != "--office" }, flags: ["--rows", "--runs", "--anomalies"]).first
        ?? ownDirectory
    let cchc = directory + "/cchc"
    let folder = scratch + "/dossiers"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let file = folder + "/dossiers.csv"
    // The default workspace under the scratch data home is created with the sample year.
    let generate = timeRun(
        [cchc, "sample", "dossiers", "--rows", String(rows), "--seed", "1", "--anomalies", anomalies, "--out", file]
            + (office ? ["--office-export"] : []), dataHome: scratch)
    precondition(generate.status == 0, "generating the file failed")
    let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    let workspace = scratch + "/cchc/workspace.cchc"
    let template = folder + "/template.cchc"
    try FileManager.default.copyItem(atPath: workspace, toPath: template)
    func fresh() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: workspace + suffix) }
        try? FileManager.default.copyItem(atPath: template, toPath: workspace)
    }
    var peak = 0
    var results: [Figures] = []
    results.append(
        measure("cchc import dossiers (\(rows) rows → evidence)", runs: runs, warmUp: 0) {
            fresh()
            let run = timeRun([cchc, "-c", "import dossiers \(file)"], dataHome: scratch)
            precondition(run.status == 0, "the import failed")
            peak = max(peak, run.peakKiB)
            return run.seconds
        })
    results.append(
        measure("cchc import dossiers --check (read, hash, nothing written)", runs: runs, warmUp: 0) {
            fresh()
            let run = timeRun([cchc, "-c", "import dossiers \(file) --check"], dataHome: scratch)
            precondition(run.status == 0, "the check failed")
            return run.seconds
        })
    fresh()
    precondition(timeRun([cchc, "-c", "import dossiers \(file)"], dataHome: scratch).status == 0)
    let asOf = ISO8601DateFormatter().string(from: Date()).prefix(10)
    let script = folder + "/duck.py"
    let duckOut = folder + "/duck.csv"
    let source =
        office
        ? """
        (SELECT "Mã hồ sơ" AS dossier_id, "Đơn vị" AS unit_id, "Ngày tiếp nhận" AS received_at, "Ngày hẹn trả" AS due_at,
           "Ngày trả kết quả" AS resolved_at, CASE WHEN "Hình thức nộp" = 'Trực tuyến' THEN 'online' END AS channel,
           CASE WHEN lower("Số hóa") IN ('có', 'x', '1', 'yes') THEN 1 ELSE 0 END AS digitized,
           CASE WHEN lower("Cập nhật phần mềm") IN ('có', 'x', '1', 'yes') THEN 1 ELSE 0 END AS entered_in_software,
           CASE WHEN lower("Thư xin lỗi") IN ('có', 'x', '1', 'yes') THEN 1 ELSE 0 END AS apology_issued
         FROM read_csv('\(file)', header = true, delim = ';', timestampformat = '%d/%m/%Y %H:%M',
           dateformat = '%d/%m/%Y', columns = {
           'Mã hồ sơ': 'VARCHAR', 'Đơn vị': 'VARCHAR', 'Mã TTHC': 'VARCHAR', 'Ngày tiếp nhận': 'TIMESTAMP',
           'Ngày hẹn trả': 'DATE', 'Ngày trả kết quả': 'TIMESTAMP', 'Hình thức nộp': 'VARCHAR', 'Số hóa': 'VARCHAR',
           'Cập nhật phần mềm': 'VARCHAR', 'Thư xin lỗi': 'VARCHAR'}))
        """
        : """
        read_csv('\(file)', header = true, columns = {
          'dossier_id': 'VARCHAR', 'unit_id': 'VARCHAR', 'procedure_code': 'VARCHAR', 'received_at': 'TIMESTAMP',
          'due_at': 'DATE', 'resolved_at': 'TIMESTAMP', 'channel': 'VARCHAR', 'digitized': 'INTEGER',
          'entered_in_software': 'INTEGER', 'apology_issued': 'INTEGER'})
        """
    try """
    import duckdb, sys, time
    con = duckdb.connect()
    # The rates over the rows counted: every row as written ('plain'), or with the import's
    # rules for anomalies ('same'): a row due or resolved before it was received is set aside,
    # and so is a row whose id an earlier counted row had, in file order.
    rates = '''
    SELECT unit_id, year(received_at) AS year, count(*) FILTER (WHERE counts) AS total,
      count(resolved_at) FILTER (WHERE counts) AS resolved,
      count(*) FILTER (WHERE counts AND resolved_at IS NOT NULL AND CAST(resolved_at AS DATE) <= due_at) AS on_time,
      count(*) FILTER (WHERE counts AND resolved_at IS NOT NULL AND CAST(resolved_at AS DATE) < due_at) AS early,
      count(*) FILTER (WHERE counts AND ((resolved_at IS NOT NULL AND CAST(resolved_at AS DATE) > due_at)
                          OR (resolved_at IS NULL AND due_at < DATE '\(asOf)'))) AS overdue,
      count(*) FILTER (WHERE counts AND apology_issued = 1 AND ((resolved_at IS NOT NULL AND CAST(resolved_at AS DATE) > due_at)
                          OR (resolved_at IS NULL AND due_at < DATE '\(asOf)'))) AS apologised,
      count(*) FILTER (WHERE counts AND digitized = 1) AS digitized,
      count(*) FILTER (WHERE counts AND channel = 'online') AS online,
      count(*) FILTER (WHERE counts AND entered_in_software = 1) AS entered,
      count(*) FILTER (WHERE NOT counts) AS anomalies
    FROM ROWS
    GROUP BY ALL ORDER BY ALL
    '''
    source = \"\"\"\(source)\"\"\"
    plain = rates.replace('ROWS', '(SELECT *, true AS counts FROM ' + source + ')')
    same = rates.replace('ROWS', '''(SELECT *, NOT impossible
          AND row_number() OVER (PARTITION BY dossier_id, impossible ORDER BY line) = 1 AS counts
        FROM (SELECT *, (due_at < CAST(received_at AS DATE) OR coalesce(resolved_at < received_at, false)) AS impossible
          FROM (SELECT *, row_number() OVER () AS line FROM ''' + source + ''')))''')
    lines = []
    for sql in [plain, same]:
        times = []
        for _ in range(int(sys.argv[1])):
            start = time.perf_counter(); result = con.execute(sql).fetchall(); times.append(time.perf_counter() - start)
        lines.append(' '.join(str(t) for t in times) + ' ' + duckdb.__version__)
    with open(sys.argv[2], 'w') as out:
        for row in result: out.write(','.join(str(v) for v in row) + '\\n')
    print('\\n'.join(lines))
    """.write(toFile: script, atomically: true, encoding: .utf8)
    let duckTimes = folder + "/duck-times.txt"
    let duckErrors = folder + "/duck-errors.txt"
    let duck = timeRun(
        ["python3", script, String(runs), duckOut], dataHome: scratch, output: duckTimes, errors: duckErrors)
    print("rows: \(rows); file: \(size / 1_000_000) MB; runs: \(runs); times in seconds")
    if duck.status == 0, let text = try? String(contentsOfFile: duckTimes, encoding: .utf8) {
        let names = [
            "read_csv + GROUP BY, every row counted",
            "the same, anomalies set aside (same work)",
        ]
        for (line, name) in zip(text.split(separator: "\n"), names) {
            let fields = line.split(separator: " ").map(String.init)
            results.append(
                Figures(
                    name: "DuckDB \(fields.last!) \(name)", samples: fields.dropLast().compactMap(Double.init).sorted())
            )
        }
    } else {
        let errors = (try? String(contentsOfFile: duckErrors, encoding: .utf8)) ?? ""
        print(
            "DuckDB: not measured (pip install duckdb)\n"
                + errors.split(separator: "\n").suffix(5).joined(separator: "\n"))
    }
    printTable(results, unit: "s", scale: 1)
    print(
        String(
            format: "cchc import: %.0f rows/s; peak memory %.0f MB", Double(rows) / results[0].median,
            Double(peak) / 1024))
    if results.count > 3 {
        print(
            String(
                format:
                    "cchc ÷ DuckDB: import %.2f, --check %.2f (every row counted); import %.2f, --check %.2f (same work)",
                results[0].median / results[2].median, results[1].median / results[2].median,
                results[0].median / results[3].median, results[1].median / results[3].median))
        // The same counts from both: cchc's stored fractions against DuckDB's rows.
        let query = """
            SELECT unit_id, year, key, value, coalesce(denominator, '') FROM evidence
            WHERE collector = 'dossiers' ORDER BY unit_id, year, key
            """
        let ours = folder + "/ours.csv"
        timeRun(["/usr/bin/sqlite3", "-csv", workspace, query], dataHome: scratch, output: ours)
        var stored: [String: (Double, String)] = [:]
        for line in try String(contentsOfFile: ours, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            stored["\(f[0])/\(f[1])/\(f[2])"] = (Double(f[3]) ?? -1, f[4] == "\"\"" ? "" : f[4])
        }
        var mismatches = 0
        var compared = 0
        for line in try String(contentsOfFile: duckOut, encoding: .utf8).split(separator: "\n") {
            let f = line.split(separator: ",").map(String.init)
            let n = f[2...].compactMap(Int.init)
            let (unit, year) = (f[0], f[1])
            let expected: [(String, Int, Int?)] = [
                ("dossiers.total", n[0], nil), ("dossiers.resolved", n[1], nil), ("dossiers.on_time_rate", n[2], n[1]),
                ("dossiers.early_rate", n[3], n[1]), ("dossiers.overdue_count", n[4], nil),
                ("dossiers.overdue_apology_rate", n[5], n[4]), ("dossiers.digitized_rate", n[6], n[0]),
                ("dossiers.online_rate", n[7], n[0]), ("dossiers.software_entry_rate", n[8], n[0]),
                ("dossiers.anomalies", n[9], nil),
            ]
            for (key, value, denominator) in expected {
                compared += 1
                guard let found = stored["\(unit)/\(year)/\(key)"], found.0 == Double(value),
                    found.1 == (denominator.map { String(Double($0)) } ?? "")
                else {
                    mismatches += 1
                    if mismatches <= 5 {
                        print(
                            "mismatch: \(unit) \(year) \(key): DuckDB \(value)/\(denominator ?? 0), cchc \(stored["\(unit)/\(year)/\(key)"].map { "\($0.0)/\($0.1)" } ?? "none")"
                        )
                    }
                    continue
                }
            }
        }
        print("identical values: \(mismatches == 0 ? "yes" : "NO") (\(compared) compared, \(mismatches) differ)")
    }
}
