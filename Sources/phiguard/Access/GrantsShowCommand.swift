import AccessModel
import ArgumentParser
import Cedar
import Foundation
import Store

struct GrantsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a grant, or (--cedar) the Cedar policy it compiles to.")

    @Argument var id: String
    @Flag(help: "Print the compiled Cedar policy.") var cedar = false
    @OptionGroup var output: FormatOption
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let directory = try store.openStore().loadDirectory()
            do {
                let grant = try directory.grant(id)
                if cedar {
                    var kind: Principal.Kind?
                    if case .principal(let principal) = grant.grantee { kind = directory.principals[principal]?.kind }
                    print(PolicyFormatter.format(try grant.cedarPolicy(granteeKind: kind)))
                    return
                }
                switch output.format {
                case .json: print(grant.json.serialized)
                case .text:
                    for member in grant.json.objectValue?.members ?? [] {
                        print("\(member.key): \(member.value.stringValue ?? member.value.serialized)")
                    }
                }
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError(domainError: error)
            }
        }
    }
}
