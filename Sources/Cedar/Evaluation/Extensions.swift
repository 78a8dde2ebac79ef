/// Construction of extension values (`ip`, `decimal`, `datetime`, `duration`) from strings,
/// shared by the parser (constant folding), the evaluator and JSON parsing.
public enum Extensions {
    /// The value, or nil when `text` is not a valid literal of the type.
    public static func construct(_ function: ExtensionFunction, _ text: String) -> Value? {
        switch function {
        case .ip: IPAddress(parsing: text).map(Value.ipaddr)
        case .decimal: CedarDecimal(parsing: text).map(Value.decimal)
        case .datetime: CedarDatetime(parsing: text).map(Value.datetime)
        case .duration: CedarDuration(parsing: text).map(Value.duration)
        }
    }

    /// The extension function names JSON may use in `__extn` (`ipaddr` is accepted as an alias of `ip`).
    public static func function(named name: String) -> ExtensionFunction? {
        name == "ipaddr" ? .ip : ExtensionFunction(rawValue: name)
    }

    static func constructOrThrow(_ function: ExtensionFunction, _ text: String) throws(EvaluationError) -> Value {
        guard let value = construct(function, text) else {
            throw EvaluationError(
                .invalidExtensionValue, "error while evaluating `\(function.typeName)` extension function: invalid literal `\(text)`")
        }
        return value
    }
}

extension ExtensionFunction {
    /// The type the constructor builds.
    public var typeName: String {
        switch self {
        case .ip: "ipaddr"
        case .decimal: "decimal"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }
}
