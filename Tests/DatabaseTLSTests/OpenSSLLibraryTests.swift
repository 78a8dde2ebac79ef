import DatabaseTLS
import Testing

@Suite("OpenSSL linkage")
struct OpenSSLLibraryTests {
    @Test("the run-time library reports an OpenSSL 3 version string")
    func versionString() {
        let version = OpenSSLLibrary.versionString
        #expect(version.hasPrefix("OpenSSL 3."), "unexpected version string: \(version)")
    }

    @Test("headers and run-time library agree on the major version")
    func headerAndRuntimeAgree() {
        let runtime = OpenSSLLibrary.majorVersion(of: OpenSSLLibrary.versionNumber)
        let headers = OpenSSLLibrary.majorVersion(of: OpenSSLLibrary.headerVersionNumber)
        #expect(runtime == 3)
        #expect(runtime == headers)
    }
}
