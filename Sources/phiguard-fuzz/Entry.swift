import Foundation

/// `phiguard-fuzz`. Built with `-DFUZZING` (scripts/fuzz.sh) it hands its arguments to libFuzzer,
/// which drives the target named by PHIGUARD_FUZZ_TARGET; otherwise `phiguard-fuzz replay TARGET
/// PATH…` runs saved inputs (seed corpora, regressions) through a target, the way the tests do, and
/// `phiguard-fuzz list` names the targets.
@main
enum FuzzMain {
    static func main() {
        #if FUZZING
            let name = ProcessInfo.processInfo.environment["PHIGUARD_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    Data("set PHIGUARD_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
                exit(64)
            }
            selectedTarget = target
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
            replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ arguments: [String]) {
        if arguments.first == "list" {
            print(FuzzTarget.allCases.map(\.rawValue).joined(separator: "\n"))
            return
        }
        guard arguments.count >= 3, arguments[0] == "replay", let target = FuzzTarget(rawValue: arguments[1]) else {
            FileHandle.standardError.write(Data("usage: phiguard-fuzz list | replay TARGET FILE|DIR…\n".utf8))
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst(2) {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run(Array(data))
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs replayed")
    }

    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [path] }
        let items = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return items.sorted().map { (path as NSString).appendingPathComponent($0) }.filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &folder) && !folder.boolValue
        }
    }
}

#if FUZZING
    /// Set once in `main`, before libFuzzer calls back.
    nonisolated(unsafe) private var selectedTarget = FuzzTarget.cedarPolicy

    /// libFuzzer's driver for a program that has its own `main` (Swift's).
    @_silgen_name("LLVMFuzzerRunDriver")
    private func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    private let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt = { data, size in
        LLVMFuzzerTestOneInput(data, size)
    }

    /// libFuzzer's runtime is linked whole, with its own `main` (the link keeps Swift's, the first
    /// definition: scripts/fuzz.sh links with --allow-multiple-definition), which names this function.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        selectedTarget.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#endif
