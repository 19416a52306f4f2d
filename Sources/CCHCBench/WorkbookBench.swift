import Foundation

/// `cchc-bench xlsx [--rows N] [--runs R] [DIR]`: `import dossiers FILE.xlsx --check` of an
/// N-row synthetic export saved as a workbook (typed date cells, shared strings, as openpyxl
/// writes it), time and peak memory, beside openpyxl's read-only mode reading every cell of the
/// same sheet (the usual way to read a large workbook in Python).
func workbookBenchmark(_ arguments: [String], ownDirectory: String, scratch: String) throws {
    let rows = option("--rows", in: arguments).flatMap { Int($0) } ?? 1_000_000
    let runs = option("--runs", in: arguments).flatMap { Int($0) } ?? 3
    let directory = positional(arguments, flags: ["--rows", "--runs"]).first ?? ownDirectory
    let cchc = directory + "/cchc"
    let folder = scratch + "/xlsx"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let csv = folder + "/dossiers.csv"
    let xlsx = folder + "/dossiers.xlsx"
    let generate = timeRun(
        [cchc, "sample", "dossiers", "--rows", String(rows), "--seed", "1", "--out", csv], dataHome: scratch)
    precondition(generate.status == 0, "generating the file failed")
    let convert = folder + "/convert.py"
    try """
    import csv, datetime, sys, openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet('Hồ sơ')
    def when(text):
        if not text: return None
        return datetime.datetime.fromisoformat(text) if 'T' in text or ' ' in text else datetime.date.fromisoformat(text)
    with open(sys.argv[1], newline='', encoding='utf-8') as f:
        reader = csv.reader(f)
        ws.append(next(reader))
        for r in reader:
            ws.append([r[0], r[1], r[2], when(r[3]), when(r[4]), when(r[5]), r[6], int(r[7]), int(r[8]), int(r[9])])
    wb.save(sys.argv[2])
    """.write(toFile: convert, atomically: true, encoding: .utf8)
    let converted = timeRun(["python3", convert, csv, xlsx], dataHome: scratch)
    guard converted.status == 0 else {
        print("openpyxl is needed to write the workbook: pip install openpyxl")
        return
    }
    let size = (try FileManager.default.attributesOfItem(atPath: xlsx)[.size] as? Int) ?? 0
    var peak = 0
    var results: [Figures] = []
    results.append(
        measure("cchc import dossiers FILE.xlsx --check (\(rows) rows)", runs: runs, warmUp: 0) {
            let run = timeRun([cchc, "-c", "import dossiers \(xlsx) --check"], dataHome: scratch)
            precondition(run.status == 0, "the import failed")
            peak = max(peak, run.peakKiB)
            return run.seconds
        })
    let read = folder + "/read.py"
    try """
    import sys, openpyxl
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
    cells = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        cells += len(row)
    print(cells)
    """.write(toFile: read, atomically: true, encoding: .utf8)
    var openpyxlPeak = 0
    results.append(
        measure("openpyxl read-only: every cell of the sheet", runs: runs, warmUp: 0) {
            let run = timeRun(["python3", read, xlsx], dataHome: scratch, output: folder + "/cells.txt")
            precondition(run.status == 0, "openpyxl failed")
            openpyxlPeak = max(openpyxlPeak, run.peakKiB)
            return run.seconds
        })
    print("rows: \(rows); workbook: \(size / 1_000_000) MB; runs: \(runs); times in seconds")
    printTable(results, unit: "s", scale: 1)
    print(
        String(
            format: "cchc peak memory %.0f MB, openpyxl %.0f MB; openpyxl ÷ cchc: %.2f", Double(peak) / 1024,
            Double(openpyxlPeak) / 1024, results[1].median / results[0].median))
}
