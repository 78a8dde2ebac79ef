import ArgumentParser
import CredentialServices
import DatabaseTLS
import Store

/// `phiguard credentials import-certs [--ca Certs]`: the CA certificates of `Certs/` into the
/// inventory, so their expiry gets rotation reminders (a changed file updates its record).
struct CredentialsImportCertificatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-certs", abstract: "Record the certificates of Certs/ (or --ca FILE|DIR) in the inventory with their expiry.")

    @Option(help: "A PEM file or a folder of them.") var ca = "Certs"
    @Option(help: "Owner of the certificates.") var owner = "pki"
    @Option(name: .customLong("class"), help: "Rotation class.") var rotationClass = "tls-certificate"
    @OptionGroup var store: StoreOptions
    @OptionGroup var credentials: CredentialOptions

    func run() throws {
        try reportingErrors {
            do {
                let records = try CertificateInventory.records(
                    fromFiles: try TrustAnchors.files(at: ca), owner: owner, rotationClass: rotationClass, at: .now)
                let changed = try store.openStore().recordCertificates(records, actor: store.actor, at: .now)
                print("\(records.count) certificate(s) read, \(changed) new or changed")
            } catch let error as TLSCheckError {
                throw CLIError(code: error.code.rawValue, message: error.message, exitCode: 2)
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
