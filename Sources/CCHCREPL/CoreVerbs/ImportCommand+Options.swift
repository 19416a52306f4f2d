import ArgumentParser
import CCHCCore
import CCHCModuleKit
import Foundation

extension ImportCommand {
    struct Options: ParsableArguments {
        @Argument(help: "The CSV file.")
        var file: String

        @Flag(name: .long, help: "Report every problem without writing anything.")
        var check = false
    }
}
