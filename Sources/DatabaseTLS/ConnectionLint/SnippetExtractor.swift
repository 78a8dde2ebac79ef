import Foundation

/// What the extractor found in a piece of code or configuration: connection strings (string
/// literals and bare URLs) and groups of `key: value` settings (keyword arguments, object literals,
/// YAML mappings), each with its line and the words around it that name the driver.
struct Snippet {
    enum Content {
        case string(String)
        case settings([(key: String, value: String)])
    }

    var content: Content
    /// 1-based line within the input.
    var line: Int
    /// The statement this came from (the outermost bracket group, or the YAML mapping), so that a
    /// URL and the settings passed with it are judged together.
    var statement: Int
    /// Lower-cased identifiers of the statement (`pymysql`, `connect`, `createconnection`, `adapter`…);
    /// for an environment line's value, the variable's name as written.
    var context: Set<String>
}

/// Reads code and configuration the way a reviewer would: string literals with each language's
/// quoting, keyword arguments and object literals, YAML mappings and `NAME=value` lines.
enum SnippetExtractor {
    // MARK: Code

    private enum Token {
        case string(String)
        case word(String)
        case symbol(Character)
    }

    /// Tokens with their lines: strings (`"…"`, `'…'`, backquotes, Python triple quotes, C# `@"…"`,
    /// Go raw strings), words (identifiers, numbers, dotted names) and single symbols; comments dropped.
    private static func tokens(_ text: String) -> [(token: Token, line: Int, spaced: Bool)] {
        let characters = Array(text)
        var result: [(Token, Int, Bool)] = []
        // Whether white space came before the token: `a::b` is a path, `key: :value` a Ruby symbol.
        var spaced = false
        var index = 0
        var line = 1
        func peek(_ offset: Int) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
        while index < characters.count {
            let character = characters[index]
            if character == "\n" {
                line += 1
                index += 1
                spaced = true
                continue
            }
            if character.isWhitespace {
                index += 1
                spaced = true
                continue
            }
            defer { spaced = false }
            // Comments: `//` and `/* */`, and `#` or `--` at the start of a word (shell, Python, YAML, SQL).
            if character == "/" && peek(1) == "/" || (character == "#" && (index == 0 || characters[index - 1].isWhitespace))
                || (character == "-" && peek(1) == "-" && peek(2) == " ")
            {
                while index < characters.count, characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "/" && peek(1) == "*" {
                index += 2
                while index < characters.count, !(characters[index] == "*" && peek(1) == "/") {
                    if characters[index] == "\n" { line += 1 }
                    index += 1
                }
                index += 2
                continue
            }
            let startLine = line
            // C# verbatim strings: @"…" with "" for a quote and no backslash escapes.
            if character == "@", peek(1) == "\"" {
                index += 2
                var value = ""
                while index < characters.count {
                    if characters[index] == "\"" {
                        if peek(1) == "\"" {
                            value.append("\"")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if characters[index] == "\n" { line += 1 }
                    value.append(characters[index])
                    index += 1
                }
                result.append((.string(value), startLine, spaced))
                continue
            }
            if character == "\"" || character == "'" || character == "`" {
                let triple = peek(1) == character && peek(2) == character
                let width = triple ? 3 : 1
                index += width
                var value = ""
                let raw = character == "`"
                while index < characters.count {
                    let current = characters[index]
                    if current == "\\" && !raw, index + 1 < characters.count {
                        let next = characters[index + 1]
                        switch next {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        default: value.append(next)
                        }
                        index += 2
                        continue
                    }
                    if current == character && (!triple || (peek(1) == character && peek(2) == character)) {
                        index += width
                        break
                    }
                    // A single-quoted string does not cross a line: an apostrophe in prose is not a string.
                    if current == "\n" {
                        if !triple && !raw { break }
                        line += 1
                    }
                    value.append(current)
                    index += 1
                }
                result.append((.string(value), startLine, spaced))
                continue
            }
            if character.isLetter || character.isNumber || character == "_" || character == "$" {
                var word = ""
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || "_.$-".contains(characters[index])
                {
                    // `-` only inside a word (`ssl-mode`), never as an operator after it.
                    if characters[index] == "-", !(peek(1).map { $0.isLetter } ?? false) { break }
                    word.append(characters[index])
                    index += 1
                }
                result.append((.word(word), startLine, spaced))
                continue
            }
            result.append((.symbol(character), startLine, spaced))
            index += 1
        }
        return result
    }

    /// Snippets of code: every string literal, and `key: value` / `key = value` / `key => value` /
    /// `"key": value` pairs, grouped by the outermost bracket they sit in.
    static func code(_ text: String) -> [Snippet] {
        let tokens = tokens(text)
        var snippets: [Snippet] = []
        var depth = 0
        var statement = 0
        var statementWords: [Int: Set<String>] = [:]
        var pairs: [Int: (line: Int, pairs: [(String, String)])] = [:]
        var stringsByStatement: [(String, Int, Int)] = []
        var index = 0
        func value(at position: Int) -> String? {
            guard position < tokens.count else { return nil }
            switch tokens[position].token {
            case .string(let text): return text
            case .word(let word):
                return word
            case .symbol(let symbol):
                if symbol == "{" || symbol == "(" || symbol == "[" { return "{…}" }
                // Ruby symbols: `ssl_mode: :disabled`.
                if symbol == ":", position + 1 < tokens.count, case .word(let word) = tokens[position + 1].token { return word }
                if symbol == "-", position + 1 < tokens.count, case .word(let number) = tokens[position + 1].token { return "-" + number }
                return nil
            }
        }
        let (joined, joinedTokens) = concatenations(tokens)
        var previousLine = 0
        while index < tokens.count {
            let (token, line, _) = tokens[index]
            // A statement ends at a line break or `;` outside brackets: `conn = psycopg2.connect(…)` is one.
            if depth == 0, line != previousLine { statement += 1 }
            previousLine = line
            switch token {
            case .symbol(let symbol) where "([{".contains(symbol):
                depth += 1
            case .symbol(let symbol) where ")]}".contains(symbol):
                depth = max(0, depth - 1)
            case .symbol(";") where depth == 0:
                statement += 1
            case .string(let text):
                // A piece of a `+` concatenation is read only as part of the whole.
                if !joinedTokens.contains(index) { stringsByStatement.append((text, line, statement)) }
                // Setter calls: `props.setProperty("sslmode", "require")`, `config.put("ssl", "true")`.
                if index > 0, case .symbol("(") = tokens[index - 1].token, index + 2 < tokens.count, case .symbol(",") = tokens[index + 1].token,
                    case .string(let assigned) = tokens[index + 2].token, !text.contains(where: { $0.isWhitespace }), text.count <= 40
                {
                    pairs[statement, default: (line, [])].pairs.append((text.lowercased(), assigned))
                }
                // A quoted key: `"sslmode": "require"` (JSON, Python dicts), `'sslmode' => 'prefer'` (PHP arrays).
                if index + 1 < tokens.count, case .symbol(let next) = tokens[index + 1].token, next == ":" || next == "=" {
                    var valueAt = index + 2
                    if next == "=", valueAt < tokens.count, case .symbol(">") = tokens[valueAt].token { valueAt += 1 }
                    if let assigned = value(at: valueAt) {
                        pairs[statement, default: (line, [])].pairs.append((text.lowercased(), assigned))
                    }
                }
            case .word(let word):
                statementWords[statement, default: []].insert(word.lowercased())
                for part in word.lowercased().split(separator: ".") { statementWords[statement, default: []].insert(String(part)) }
                guard index + 1 < tokens.count, case .symbol(let next) = tokens[index + 1].token else { break }
                var valueAt = index + 2
                if next == "=", valueAt < tokens.count, case .symbol(">") = tokens[valueAt].token { valueAt += 1 }  // Ruby, PHP =>
                // `Mysql2::Client` is a path; `ssl_mode: :disabled` a key and a Ruby symbol.
                if next == ":", valueAt < tokens.count, case .symbol(":") = tokens[valueAt].token, !tokens[valueAt].spaced { break }
                if next == "=", valueAt < tokens.count, case .symbol("=") = tokens[valueAt].token { break }  // comparisons
                guard next == ":" || next == "=", var assigned = value(at: valueAt) else { break }
                let key = String(word.split(separator: ".").last ?? "").lowercased()
                // `ssl.CERT_NONE` → `CERT_NONE`; a secret keeps its whole spelling, so it is masked whole.
                if !SecretSet.isSecretKey(key), case .word = tokens[valueAt].token { assigned = String(assigned.split(separator: ".").last ?? "") }
                pairs[statement, default: (line, [])].pairs.append((key, assigned))
            default:
                break
            }
            index += 1
        }
        for (text, line, statement) in stringsByStatement + joined {
            snippets.append(Snippet(content: .string(text), line: line, statement: statement, context: statementWords[statement] ?? []))
        }
        for (statement, group) in pairs.sorted(by: { $0.key < $1.key }) {
            snippets.append(
                Snippet(
                    content: .settings(group.pairs.map { (key: $0.0, value: $0.1) }), line: group.line, statement: statement,
                    context: statementWords[statement] ?? []))
        }
        return snippets
    }

    /// Strings built with `+` from literals and variables, as one string with `{name}` where a
    /// variable stands: `"postgres://app:" + password + "@db/ehr?sslmode=disable"` is read as
    /// `postgres://app:{password}@db/ehr?sslmode=disable`. The statement number is unknown here, so
    /// these never pair with settings groups.
    private static func concatenations(_ tokens: [(token: Token, line: Int, spaced: Bool)]) -> (strings: [(String, Int, Int)], tokens: Set<Int>) {
        var result: [(String, Int, Int)] = []
        var consumed: Set<Int> = []
        var index = 0
        while index < tokens.count {
            guard case .string(let first) = tokens[index].token, index + 1 < tokens.count, case .symbol("+") = tokens[index + 1].token else {
                index += 1
                continue
            }
            var text = first
            var next = index + 1
            while next + 1 < tokens.count, case .symbol("+") = tokens[next].token {
                switch tokens[next + 1].token {
                case .string(let part):
                    text += part
                    consumed.insert(next + 1)
                case .word(let name): text += "{\(name)}"
                case .symbol: break
                }
                next += 2
            }
            result.append((text, tokens[index].line, -4_000_000 - index))
            consumed.insert(index)
            index = next
        }
        return (result, consumed)
    }

    // MARK: YAML

    /// Snippets of a YAML file, read line by line so templates (`<%= … %>`, `{{ … }}`) do not stop
    /// it: each mapping's scalar `key: value` pairs form a group, values are candidate strings, and
    /// `- NAME=value` list items (docker-compose environments) are read as environment lines.
    static func yaml(_ text: String) -> [Snippet] {
        var snippets: [Snippet] = []
        // The open mappings: indentation, the group's statement id, and its parent key.
        var stack: [(indent: Int, statement: Int, key: String)] = []
        var groups: [Int: (line: Int, pairs: [(key: String, value: String)], context: Set<String>)] = [:]
        var nextStatement = 0
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            var line = Substring(rawLine)
            let indent = line.prefix { $0 == " " }.count
            line = line.dropFirst(indent)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("---") { continue }
            var listItem = false
            var itemIndent = indent
            if line.hasPrefix("- ") {
                listItem = true
                line = line.dropFirst(2)
                itemIndent += 2
            }
            let content = stripYAMLComment(String(line)).trimmingWhitespace
            while let top = stack.last, top.indent >= itemIndent, !(listItem && top.indent == itemIndent) { stack.removeLast() }
            guard let colon = yamlKeySeparator(content) else {
                // A list item or a continuation: a candidate string (or an environment line).
                let scalar = content.unquoted
                let statement = stack.last?.statement ?? 0
                if let equals = scalar.firstIndex(of: "="), scalar[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                    snippets += environment(scalar, firstLine: lineNumber)
                } else if !scalar.isEmpty {
                    snippets.append(Snippet(content: .string(scalar), line: lineNumber, statement: statement, context: []))
                }
                continue
            }
            let key = content[..<colon].trimmingWhitespace.unquoted
            let value = content[content.index(after: colon)...].trimmingWhitespace
            if value.isEmpty || value == "|" || value == ">" || value.hasPrefix("&") {
                nextStatement += 1
                stack.append((itemIndent, nextStatement, key.lowercased()))
                groups[nextStatement] = (lineNumber, [], [key.lowercased()])
                continue
            }
            if listItem || stack.last.map({ $0.indent < itemIndent }) != true {
                // A new mapping (a list item starting one, or top level).
                if listItem || stack.isEmpty {
                    nextStatement += 1
                    stack.append((itemIndent, nextStatement, ""))
                    groups[nextStatement] = (lineNumber, [], [])
                }
            }
            let statement = stack.last?.statement ?? 0
            let scalar = value.unquoted
            groups[statement, default: (lineNumber, [], [])].pairs.append((key.lowercased(), scalar))
            groups[statement, default: (lineNumber, [], [])].context.insert(scalar.lowercased())
            snippets.append(Snippet(content: .string(scalar), line: lineNumber, statement: statement, context: [key.lowercased()]))
        }
        for (statement, group) in groups.sorted(by: { $0.key < $1.key }) where !group.pairs.isEmpty {
            var context = group.context
            for entry in stack where entry.statement == statement { context.insert(entry.key) }
            snippets.append(Snippet(content: .settings(group.pairs), line: group.line, statement: statement, context: context))
        }
        return snippets
    }

    /// The `:` that separates a YAML key from its value (followed by a space or the end), outside quotes.
    private static func yamlKeySeparator(_ text: String) -> String.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                if index == text.startIndex { quote = character }
            } else if character == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    private static func stripYAMLComment(_ text: String) -> String {
        guard let range = text.range(of: " #") else { return text }
        return String(text[..<range.lowerBound])
    }

    // MARK: Environment files

    /// `NAME=value` lines (`export` allowed, values quoted or not) as one group, plus each value as a candidate string.
    static func environment(_ text: String, firstLine: Int = 1) -> [Snippet] {
        var snippets: [Snippet] = []
        var pairs: [(key: String, value: String)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst(7).trimmingWhitespace }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingWhitespace
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { continue }
            var value = line[line.index(after: equals)...].trimmingWhitespace
            if !value.hasPrefix("\"") && !value.hasPrefix("'"), let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingWhitespace
            }
            value = value.unquoted
            pairs.append((name, value))
            snippets.append(
                Snippet(content: .string(value), line: firstLine + offset, statement: -(firstLine + offset), context: [name]))
        }
        if !pairs.isEmpty {
            snippets.append(Snippet(content: .settings(pairs), line: firstLine, statement: -1_000_000 - firstLine, context: ["environment"]))
        }
        return snippets
    }

    // MARK: Bare URLs

    /// URLs written without quotes in prose or shell lines, without the punctuation around them:
    /// `(see postgres://db/ehr?sslmode=require).` yields `postgres://db/ehr?sslmode=require`.
    static func bareURLs(_ text: String) -> [(String, Int)] {
        var found: [(String, Int)] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var search = line.startIndex
            while let separator = line[search...].range(of: "://") {
                var start = separator.lowerBound
                // The scheme, with JDBC's `jdbc:` and sub-protocol prefixes.
                while start > line.startIndex {
                    let previous = line[line.index(before: start)]
                    guard previous.isLetter || previous.isNumber || "+.-:".contains(previous) else { break }
                    start = line.index(before: start)
                }
                while start < separator.lowerBound, line[start] == ":" { start = line.index(after: start) }
                var end = separator.upperBound
                while end < line.endIndex, !line[end].isWhitespace, !"\"'`<>|".contains(line[end]) { end = line.index(after: end) }
                var url = String(line[start..<end])
                url = trimTrailingPunctuation(url)
                if start < separator.lowerBound { found.append((url, offset + 1)) }
                search = end > separator.upperBound ? end : separator.upperBound
            }
        }
        return found
    }

    /// Drops sentence punctuation and unbalanced closing brackets from the end of a URL.
    static func trimTrailingPunctuation(_ url: String) -> String {
        var result = url
        while let last = result.last {
            if ".,;:!".contains(last) {
                result.removeLast()
            } else if let open = ["(": ")", "[": "]", "{": "}"].first(where: { $0.value == String(last) })?.key,
                result.filter({ String($0) == open }).count < result.filter({ $0 == last }).count
            {
                result.removeLast()
            } else {
                break
            }
        }
        return result
    }
}
