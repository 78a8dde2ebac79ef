/// Key adjacency of a keyboard, built from a drawing of its layout, for spotting keyboard walks
/// such as `qwerty`, `zxcvbn` or `7896321`.
///
/// Each key lists its neighbours in fixed directions (a slanted keyboard has 6, an aligned keypad 8);
/// a neighbour is one key with its unshifted and shifted characters. Only ASCII keys exist, so the
/// table is indexed by byte.
struct KeyboardGraph: Sendable {
    enum Name: String, Sendable, CaseIterable {
        case qwerty, dvorak, keypad
        case macKeypad = "mac_keypad"
    }

    /// A key: its unshifted and (when it has one) shifted character.
    struct Key: Sendable {
        var unshifted: UInt8
        var shifted: UInt8  // 0 when the key has one character
    }

    let name: Name
    /// `neighbours[byte]` is nil for a character not on this keyboard; otherwise one slot per direction.
    let neighbours: [[Key?]?]
    /// Number of characters on the keyboard (starting positions of a walk).
    let startingPositions: Int
    /// Mean number of present neighbours per character.
    let averageDegree: Double
    /// Slanted keyboards (qwerty, dvorak) have shifted characters.
    var hasShift: Bool { name == .qwerty || name == .dvorak }

    static let qwerty = KeyboardGraph(
        .qwerty, slanted: true,
        layout: [
            "`~ 1! 2@ 3# 4$ 5% 6^ 7& 8* 9( 0) -_ =+",
            "    qQ wW eE rR tT yY uU iI oO pP [{ ]} \\|",
            "     aA sS dD fF gG hH jJ kK lL ;: '\"",
            "      zZ xX cC vV bB nN mM ,< .> /?",
        ])
    static let dvorak = KeyboardGraph(
        .dvorak, slanted: true,
        layout: [
            "`~ 1! 2@ 3# 4$ 5% 6^ 7& 8* 9( 0) [{ ]}",
            "    '\" ,< .> pP yY fF gG cC rR lL /? =+ \\|",
            "     aA oO eE uU iI dD hH tT nN sS -_",
            "      ;: qQ jJ kK xX bB mM wW vV zZ",
        ])
    static let keypad = KeyboardGraph(
        .keypad, slanted: false,
        layout: [
            "  / * -",
            "7 8 9 +",
            "4 5 6",
            "1 2 3",
            "  0 .",
        ])
    static let macKeypad = KeyboardGraph(
        .macKeypad, slanted: false,
        layout: [
            "  = / *",
            "7 8 9 -",
            "4 5 6 +",
            "1 2 3",
            "  0 .",
        ])
    static let all = [qwerty, dvorak, keypad, macKeypad]

    /// Builds the graph from rows of space-separated keys. On a slanted keyboard each row starts one
    /// column further right than the one above, so the same x names the key up and to the right.
    init(_ name: Name, slanted: Bool, layout rows: [String]) {
        self.name = name
        var positions: [Int: Key] = [:]  // x * 100 + y
        let tokenSize = slanted ? 2 : 1
        let unit = tokenSize + 1
        for (y, row) in rows.enumerated() {
            let bytes = Array(row.utf8)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: " ") {
                    index += 1
                    continue
                }
                let x = (index - (slanted ? y : 0)) / unit
                positions[x * 100 + y] = Key(unshifted: bytes[index], shifted: tokenSize == 2 ? bytes[index + 1] : 0)
                index += tokenSize
            }
        }
        let directions: [(Int, Int)] =
            slanted
            ? [(-1, 0), (0, -1), (1, -1), (1, 0), (0, 1), (-1, 1)]
            : [(-1, 0), (-1, -1), (0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1)]
        var table = [[Key?]?](repeating: nil, count: 128)
        var characters = 0
        var degreeSum = 0
        for (position, key) in positions {
            let x = position / 100
            let y = position % 100
            let around = directions.map { dx, dy in positions[(x + dx) * 100 + (y + dy)] }
            let present = around.count { $0 != nil }
            for character in [key.unshifted, key.shifted] where character != 0 {
                table[Int(character)] = around
                characters += 1
                degreeSum += present
            }
        }
        neighbours = table
        startingPositions = characters
        averageDegree = Double(degreeSum) / Double(characters)
    }

    /// Characters that need shift on a slanted keyboard (a walk that starts shifted counts it).
    static func isShifted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z": true
        case "~", "!", "@", "#", "$", "%", "^", "&", "*", "(", ")", "_", "+", "{", "}", "|", ":", "\"", "<", ">", "?": true
        default: false
        }
    }
}
