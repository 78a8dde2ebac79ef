/// Splits Cedar text (policies or schemas) into tokens. Comments are `//` to end of line.
/// String tokens keep their raw bytes; escapes are decoded by the parser, which knows whether
/// the string is a `like` pattern (where `\*` is allowed).
struct Lexer {
    static let reservedIdentifiers: Set<String> = ["true", "false", "if", "then", "else", "in", "like", "has", "is"]

    static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, isIdentifierStart(first) else { return false }
        return text.utf8.dropFirst().allSatisfy(isIdentifierContinue)
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }

    static func isIdentifierContinue(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= 48 && byte <= 57)
    }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func tokenize() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 3)
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            // Whitespace (ASCII and the Unicode spaces Rust's lexer skips are rare; ASCII suffices for Cedar).
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B {
                i += 1
                continue
            }
            if byte == UInt8(ascii: "/"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "/") {
                while i < n, bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            }
            let start = i
            if Self.isIdentifierStart(byte) {
                i += 1
                while i < n, Self.isIdentifierContinue(bytes[i]) { i += 1 }
                tokens.append(Token(kind: .identifier, start: start, end: i))
                continue
            }
            if byte >= 48 && byte <= 57 {
                i += 1
                while i < n, bytes[i] >= 48 && bytes[i] <= 57 { i += 1 }
                tokens.append(Token(kind: .integer, start: start, end: i))
                continue
            }
            if byte == UInt8(ascii: "\"") {
                i += 1
                var terminated = false
                while i < n {
                    if bytes[i] == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    }
                    if bytes[i] == UInt8(ascii: "\"") {
                        terminated = true
                        i += 1
                        break
                    }
                    i += 1
                }
                i = min(i, n)
                tokens.append(Token(kind: terminated ? .string : .invalid("unterminated string literal"), start: start, end: i))
                continue
            }
            if byte == UInt8(ascii: "?"), i + 1 < n, Self.isIdentifierStart(bytes[i + 1]) {
                i += 2
                while i < n, Self.isIdentifierContinue(bytes[i]) { i += 1 }
                tokens.append(Token(kind: .slot, start: start, end: i))
                continue
            }
            let next: UInt8? = i + 1 < n ? bytes[i + 1] : nil
            let punctuation: Token.Punctuation?
            var width = 1
            switch byte {
            case UInt8(ascii: "("): punctuation = .leftParen
            case UInt8(ascii: ")"): punctuation = .rightParen
            case UInt8(ascii: "["): punctuation = .leftBracket
            case UInt8(ascii: "]"): punctuation = .rightBracket
            case UInt8(ascii: "{"): punctuation = .leftBrace
            case UInt8(ascii: "}"): punctuation = .rightBrace
            case UInt8(ascii: ","): punctuation = .comma
            case UInt8(ascii: ";"): punctuation = .semicolon
            case UInt8(ascii: "."): punctuation = .dot
            case UInt8(ascii: "@"): punctuation = .at
            case UInt8(ascii: "+"): punctuation = .plus
            case UInt8(ascii: "-"): punctuation = .minus
            case UInt8(ascii: "*"): punctuation = .star
            case UInt8(ascii: "/"): punctuation = .slash
            case UInt8(ascii: "%"): punctuation = .percent
            case UInt8(ascii: "?"): punctuation = .question
            case UInt8(ascii: ":"):
                if next == UInt8(ascii: ":") {
                    punctuation = .doubleColon
                    width = 2
                } else {
                    punctuation = .colon
                }
            case UInt8(ascii: "="):
                if next == UInt8(ascii: "=") {
                    punctuation = .equal
                    width = 2
                } else {
                    punctuation = .assign
                }
            case UInt8(ascii: "!"):
                if next == UInt8(ascii: "=") {
                    punctuation = .notEqual
                    width = 2
                } else {
                    punctuation = .bang
                }
            case UInt8(ascii: "<"):
                if next == UInt8(ascii: "=") {
                    punctuation = .lessEqual
                    width = 2
                } else {
                    punctuation = .less
                }
            case UInt8(ascii: ">"):
                if next == UInt8(ascii: "=") {
                    punctuation = .greaterEqual
                    width = 2
                } else {
                    punctuation = .greater
                }
            case UInt8(ascii: "&"):
                punctuation = next == UInt8(ascii: "&") ? .and : nil
                width = 2
            case UInt8(ascii: "|"):
                punctuation = next == UInt8(ascii: "|") ? .or : nil
                width = 2
            default:
                punctuation = nil
            }
            if let punctuation {
                i += width
                tokens.append(Token(kind: .punctuation(punctuation), start: start, end: i))
            } else {
                // Skip one whole UTF-8 scalar so the error names a character, not a byte.
                i += 1
                while i < n, bytes[i] & 0xC0 == 0x80 { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                tokens.append(Token(kind: .invalid("unexpected character `\(text)`"), start: start, end: i))
            }
        }
        tokens.append(Token(kind: .end, start: n, end: n))
        return tokens
    }

    /// Decodes the body of a string token (without its quotes). Returns the decoded text or the
    /// message of the first bad escape. In a `like` pattern, `\*` yields a literal-star marker.
    static func unescape(_ raw: ArraySlice<UInt8>, pattern: Bool) -> Result<[PatternPiece], EscapeError> {
        var pieces: [PatternPiece] = []
        var literal = String.UnicodeScalarView()
        func flush() {
            if !literal.isEmpty {
                pieces.append(.literal(String(literal)))
                literal = String.UnicodeScalarView()
            }
        }
        guard let decoded = String(validating: raw, as: UTF8.self) else {
            return .failure(EscapeError(message: "invalid UTF-8 in string literal"))
        }
        var scalars = decoded.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "*" && pattern {
                flush()
                pieces.append(.wildcard)
                continue
            }
            guard scalar == "\\" else {
                literal.append(scalar)
                continue
            }
            guard let escape = scalars.popFirst() else {
                return .failure(EscapeError(message: "unterminated escape at end of string"))
            }
            switch escape {
            case "n": literal.append("\n")
            case "r": literal.append("\r")
            case "t": literal.append("\t")
            case "0": literal.append("\0")
            case "\\": literal.append("\\")
            case "\"": literal.append("\"")
            case "'": literal.append("'")
            case "*":
                guard pattern else { return .failure(EscapeError(message: "`\\*` is not a valid escape")) }
                literal.append("*")
            case "x":
                var hex = ""
                for _ in 0..<2 {
                    guard let digit = scalars.popFirst() else { break }
                    hex.unicodeScalars.append(digit)
                }
                guard hex.count == 2, let value = UInt8(hex, radix: 16), value <= 0x7F else {
                    return .failure(EscapeError(message: "`\\x\(hex)` is not a valid escape: expected two hex digits up to 7f"))
                }
                literal.append(Unicode.Scalar(value))
            case "u":
                guard scalars.popFirst() == "{" else {
                    return .failure(EscapeError(message: "`\\u` escape must have the form `\\u{1-6 hex digits}`"))
                }
                var hex = ""
                while let digit = scalars.first, digit != "}" {
                    hex.unicodeScalars.append(digit)
                    scalars = scalars.dropFirst()
                }
                guard scalars.popFirst() == "}", (1...6).contains(hex.count), let value = UInt32(hex, radix: 16),
                    let unicode = Unicode.Scalar(value)
                else {
                    return .failure(EscapeError(message: "`\\u{\(hex)}` is not a valid unicode escape"))
                }
                literal.append(unicode)
            default:
                return .failure(EscapeError(message: "`\\\(escape)` is not a valid escape"))
            }
        }
        flush()
        return .success(pieces)
    }

    struct EscapeError: Error {
        let message: String
    }
}

/// A piece of a decoded string: literal text, or (in `like` patterns) the `*` wildcard.
public enum PatternPiece: Sendable, Hashable {
    case literal(String)
    case wildcard
}
