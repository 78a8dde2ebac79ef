import Yams

/// Reads PHIGuard's YAML files strictly: syntax errors and schema errors both name `file:line:column`,
/// and unknown keys are errors, so a typo cannot leave a rule silently at its default.
struct StrictYAML {
    let file: String
    let code: CredentialsError.Code

    func error(_ node: Node?, _ message: String) -> CredentialsError {
        let place = node?.mark.map { "\(file):\($0.line):\($0.column)" } ?? file
        return CredentialsError(code, "\(place): \(message)")
    }

    func document(_ text: String) throws(CredentialsError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw error(nil, "the file is empty") }
            return node
        } catch let error as CredentialsError {
            throw error
        } catch let yaml as YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw CredentialsError(code, "\(file):\(mark.line):\(mark.column): not valid YAML: \(problem)")
            default:
                throw CredentialsError(code, "\(file): not valid YAML: \(String(describing: yaml).split(separator: "\n").first ?? "")")
            }
        } catch {
            throw CredentialsError(code, "\(file): not valid YAML")
        }
    }

    /// The entries of a mapping, checking every key against `allowed`.
    func mapping(_ node: Node, _ what: String, allowed: Set<String>? = nil) throws(CredentialsError) -> [(key: String, value: Node)] {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping") }
        var entries: [(String, Node)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { throw error(keyNode, "keys of \(what) must be strings") }
            if let allowed, !allowed.contains(key) {
                throw error(keyNode, "unknown key `\(key)` in \(what); expected one of \(allowed.sorted().joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw error(keyNode, "`\(key)` appears twice in \(what)") }
            entries.append((key, value))
        }
        return entries
    }

    func integer(_ node: Node, _ key: String, _ range: ClosedRange<Int>) throws(CredentialsError) -> Int {
        guard node.scalar != nil, let value = node.int, range.contains(value) else {
            throw error(node, "`\(key)` must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func boolean(_ node: Node, _ key: String) throws(CredentialsError) -> Bool {
        guard node.scalar != nil, let value = node.bool else { throw error(node, "`\(key)` must be true or false") }
        return value
    }

    func string(_ node: Node, _ key: String) throws(CredentialsError) -> String {
        guard let scalar = node.scalar else { throw error(node, "`\(key)` must be a string") }
        return scalar.string
    }

    func strings(_ node: Node, _ key: String) throws(CredentialsError) -> [String] {
        guard let sequence = node.sequence else { throw error(node, "`\(key)` must be a list") }
        var values: [String] = []
        for item in sequence {
            guard let scalar = item.scalar else { throw error(item, "items of `\(key)` must be strings") }
            values.append(scalar.string)
        }
        return values
    }

    func integers(_ node: Node, _ key: String, _ range: ClosedRange<Int>) throws(CredentialsError) -> [Int] {
        guard let sequence = node.sequence else { throw error(node, "`\(key)` must be a list of integers") }
        var values: [Int] = []
        for item in sequence { values.append(try integer(item, key, range)) }
        return values
    }
}
