import ArgumentParser

/// `phiguard credentials …`: the credential inventory.
struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "The credential inventory: passwords, service secrets, database logins, API keys, certificates.",
        subcommands: [
            CredentialsImportCommand.self, CredentialsListCommand.self, CredentialsShowCommand.self, CredentialsMarkRotatedCommand.self,
            CredentialsMarkCompromisedCommand.self, CredentialsRecordFailureCommand.self, CredentialsUnlockCommand.self,
            CredentialsImportCertificatesCommand.self,
        ]
    )
}

extension StoreOptions {
    /// Prints a credential in the chosen format.
    func show(_ record: CredentialRecordView, format: OutputFormat) {
        switch format {
        case .json: print(record.json)
        case .text: print(record.text)
        }
    }
}
