import Cedar
import Foundation

/// The files of a policy folder: `schema.cedarschema` (or `schema.json`) and every `*.cedar` file.
struct PolicyFolderFiles {
    var schemaPath: String
    var policyFiles: [String]

    init(path: String) throws(CLIError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError(code: "policy_folder_not_found", message: "policy folder `\(path)` does not exist")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        guard let schema = ["schema.cedarschema", "schema.json"].first(where: names.contains) else {
            throw CLIError(code: "schema_not_found", message: "policy folder `\(path)` has no schema.cedarschema or schema.json")
        }
        schemaPath = (path as NSString).appendingPathComponent(schema)
        policyFiles = names.filter { $0.hasSuffix(".cedar") }.map { (path as NSString).appendingPathComponent($0) }
    }
}
