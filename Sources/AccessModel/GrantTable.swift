/// Every grant of a directory, looked up by id.
///
/// Grants are kept back to back in one array with a small index from id to position, rather than
/// as the values of a dictionary: with a million grants a dictionary keeps a bucket of a whole
/// grant for every slot of a power-of-two table (some 500 MB, touched page by page while loading),
/// where this keeps the grants once and 24 bytes per index slot. Grants are never removed
/// (revocation is recorded on the grant), so positions never change.
public struct GrantTable: Sendable {
    /// Every grant in the order it was added.
    public private(set) var values: [Grant] = []
    private var positions: [String: Int] = [:]

    public init() {}

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    public subscript(id: String) -> Grant? {
        positions[id].map { values[$0] }
    }

    /// The grant at a position returned by `upsert`.
    subscript(position position: Int) -> Grant { values[position] }

    /// Adds a grant, or replaces the one with its id; returns its position and whether it is new.
    @discardableResult
    mutating func upsert(_ grant: Grant) -> (position: Int, inserted: Bool) {
        if let position = positions[grant.id] {
            values[position] = grant
            return (position, false)
        }
        values.append(grant)
        positions[grant.id] = values.count - 1
        return (values.count - 1, true)
    }

    /// Adds many grants at once (one bulk copy); returns the positions of those that were new.
    mutating func upsert(contentsOf list: [Grant]) -> [Int] {
        let start = values.count
        values.append(contentsOf: list)
        var added: [Int] = []
        added.reserveCapacity(list.count)
        var end = values.count
        var position = start
        while position < end {
            let id = values[position].id
            if let earlier = positions[id] {
                // The same id twice: the later one replaces the earlier, as `upsert` does.
                values[earlier] = values[position]
                values.swapAt(position, end - 1)
                values.removeLast()
                end -= 1
                continue
            }
            positions[id] = position
            added.append(position)
            position += 1
        }
        return added
    }

    mutating func reserveCapacity(_ count: Int) {
        values.reserveCapacity(count)
        positions.reserveCapacity(count)
    }
}
