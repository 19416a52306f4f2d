import CCHCCore
import CCHCModuleKit

extension WorkbenchModule {
    /// File exports: HTML with charts and XLSX workbooks beside the core's CSV, JSON and
    /// Markdown; the `export`, `inspect` and `lang` commands.
    public static let export = WorkbenchModule(
        id: "export",
        summary: "Exports to files: CSV, JSON, Markdown, HTML with charts, XLSX workbooks, DOCX documents"
    ) { registrar in
        registrar.add(HTMLExporter())
        registrar.add(XLSXExporter())
        registrar.add(DOCXExporter())
        registrar.add(command: ExportCommand.self)
        registrar.add(command: InspectCommand.self)
        registrar.add(command: LangCommand.self)
        registrar.add(command: FrameCommand.self)
    }
}
