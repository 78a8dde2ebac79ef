/// A lexical token of Cedar policy or schema text.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier
        case integer
        case string
        case slot  // `?name`; validity is checked by the parser
        case punctuation(Punctuation)
        case invalid(String)  // an unrecognised character or an unterminated string
        case end
    }

    enum Punctuation: String, Sendable {
        case leftParen = "("
        case rightParen = ")"
        case leftBracket = "["
        case rightBracket = "]"
        case leftBrace = "{"
        case rightBrace = "}"
        case comma = ","
        case semicolon = ";"
        case colon = ":"
        case doubleColon = "::"
        case dot = "."
        case at = "@"
        case equal = "=="
        case assign = "="
        case notEqual = "!="
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case and = "&&"
        case or = "||"
        case plus = "+"
        case minus = "-"
        case star = "*"
        case slash = "/"
        case percent = "%"
        case bang = "!"
        case question = "?"
    }

    let kind: Kind
    /// Byte range of the token in the source.
    let start: Int
    let end: Int
}
