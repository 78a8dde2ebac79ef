import ArgumentParser

/// The entry point. A leaf command named in full (`phiguard tls check …`) is parsed on its own:
/// parsing through the root makes ArgumentParser build the tree of every command and reflect on each
/// level, and those first-time Swift runtime lookups cost every run of the CLI several milliseconds
/// (docs/BENCHMARKS.md, database TLS). Whatever does not parse that way (help, `--version`,
/// completion scripts, any usage error) takes the usual path through the root command, so messages
/// and usage text are exactly those of `PHIGuardCommand`.
@main
enum PHIGuardMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The deployment gate, read without reflection when its arguments are plain (TLSCheckFastPath.swift).
        if arguments.count >= 2, arguments[0] == "tls", arguments[1] == "check",
            let command = TLSCheckCommand.parsedDirectly(Array(arguments.dropFirst(2)))
        {
            do {
                try command.run()
            } catch {
                PHIGuardCommand.exit(withError: error)
            }
            return
        }
        // ArgumentParser answers `--help` with a command of its own, whose help would name the leaf alone.
        guard let (leaf, rest) = leafCommand(namedBy: arguments), var command = try? leaf.parseAsRoot(rest), type(of: command) == leaf else {
            await PHIGuardCommand.main()
            return
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            PHIGuardCommand.exit(withError: error)
        }
    }

    /// The leaf command that the leading arguments name, with the arguments after its name; nil when
    /// they stop at a command group or name no command.
    static func leafCommand(namedBy arguments: [String]) -> (command: any ParsableCommand.Type, arguments: [String])? {
        var command: any ParsableCommand.Type = PHIGuardCommand.self
        var rest = arguments[...]
        while !command.configuration.subcommands.isEmpty {
            guard let name = rest.first,
                let next = command.configuration.subcommands.first(where: { $0._commandName == name || $0.configuration.aliases.contains(name) })
            else { return nil }
            command = next
            rest = rest.dropFirst()
        }
        return command == PHIGuardCommand.self ? nil : (command, Array(rest))
    }
}
