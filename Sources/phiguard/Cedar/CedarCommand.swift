import ArgumentParser

/// `phiguard cedar …`: the Cedar policy engine on files, for tools and for checking policies.
struct CedarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cedar",
        abstract: "Evaluate, check, format and benchmark Cedar policies.",
        subcommands: [
            CedarAuthorizeCommand.self,
            CedarCheckParseCommand.self,
            CedarValidateCommand.self,
            CedarFormatCommand.self,
            CedarBenchCommand.self,
        ]
    )
}
