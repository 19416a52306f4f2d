import ArgumentParser
import CCHCCore

/// A command line parsed by ``ModuleRegistry/parse(_:)``.
public struct ParsedCommand {
    /// The command type the first word named, with its module.
    public var owned: Owned<any ParsableCommand.Type>
    /// The parsed command: a ``WorkbenchCommand``, or argument-parser's own help command.
    public var command: any ParsableCommand
}

/// Why ``ModuleRegistry/parse(_:)`` could not parse a command line.
public enum CommandParseError: Error, @unchecked Sendable {  // the command types are immutable metatypes
    /// No module registers the first word as a command or alias.
    case unknownCommand(String)
    /// The arguments do not parse (or ask for help): argument-parser's error, with the command
    /// type (and its module) that renders its message.
    case arguments(Owned<any ParsableCommand.Type>, any Error)
}
