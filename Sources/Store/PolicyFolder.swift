public import AccessModel
public import Foundation

/// Reads a policy folder (`Policies/`): `schema.cedarschema` (or `schema.json`) and every `*.cedar`.
public enum PolicyFolder {
    public static func load(_ path: String) throws -> PolicyBundle {
        let folder = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(.notFound, "policy folder `\(path)` does not exist")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        guard let schemaName = ["schema.cedarschema", "schema.json"].first(where: names.contains) else {
            throw StoreError(.notFound, "policy folder `\(path)` has no schema.cedarschema or schema.json")
        }
        func read(_ name: String) throws -> String {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let text = String(data: data, encoding: .utf8) else {
                throw StoreError(.invalidState, "`\(name)` in `\(path)` is not valid UTF-8")
            }
            return text
        }
        let files = try names.filter { $0.hasSuffix(".cedar") }.map { PolicyBundle.File(name: $0, text: try read($0)) }
        return try PolicyBundle(schema: try read(schemaName), files: files)
    }
}
