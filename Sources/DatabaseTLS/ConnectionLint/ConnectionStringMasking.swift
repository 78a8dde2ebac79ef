/// Hides passwords in connection strings before anything is printed or logged.
public enum ConnectionStringMasking {
    static let placeholder = "****"

    /// Masks `user:password@` in URLs, `password=…` in key/value strings (space, `;` or `&` separated),
    /// and `-pSECRET` / `--password=SECRET` on command lines.
    public static func mask(_ text: String) -> String {
        var result = maskURLUserInfo(text)
        result = maskKeyValues(result)
        return maskCommandLinePasswords(result)
    }

    private static func maskURLUserInfo(_ text: String) -> String {
        guard let schemeEnd = text.firstRange(of: "://") else { return text }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { "/?;".contains($0) } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<authority.index(after: colon)]) + placeholder + String(text[at...])
    }

    private static func maskKeyValues(_ text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else {
                output += text[index...]
                break
            }
            // The key is the run of key characters just before `=`.
            var keyStart = equals
            while keyStart > text.startIndex {
                let previous = text.index(before: keyStart)
                guard text[previous].isLetter || text[previous].isNumber || text[previous] == "_" || text[previous] == "-" else { break }
                keyStart = previous
            }
            let key = String(text[keyStart..<equals].lowercased().drop { $0 == "-" })
            output += text[index...equals]
            var valueStart = text.index(after: equals)
            // The one notion of a secret-named key, shared with the linter's secret set.
            guard SecretSet.isSecretKey(key) else {
                index = valueStart
                continue
            }
            var valueEnd = valueStart
            if valueStart < text.endIndex, text[valueStart] == "'" || text[valueStart] == "\"" || text[valueStart] == "{" {
                let close: Character = text[valueStart] == "{" ? "}" : text[valueStart]
                output.append(text[valueStart])
                valueStart = text.index(after: valueStart)
                valueEnd = text[valueStart...].firstIndex(of: close) ?? text.endIndex
            } else {
                valueEnd = text[valueStart...].firstIndex { " ;&\t\n".contains($0) } ?? text.endIndex
            }
            output += placeholder
            index = valueEnd
        }
        return output
    }

    private static func maskCommandLinePasswords(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.first.map({ ["mysql", "mariadb"].contains(String($0.split(separator: "/").last ?? "")) }) == true else { return text }
        return words.map { word in
            if word.hasPrefix("-p"), word.count > 2, !word.hasPrefix("--") { return "-p" + placeholder }
            return String(word)
        }.joined(separator: " ")
    }
}
