internal import COpenSSL

/// Facts about the OpenSSL library PHIGuard is linked against at run time.
///
/// `COpenSSL` stays an implementation detail of this module: callers see plain Swift values.
public enum OpenSSLLibrary {
    /// The run-time version string, as `OpenSSL_version(OPENSSL_VERSION)` reports it,
    /// for example `OpenSSL 3.0.19 27 Jan 2026`.
    public static var versionString: String {
        String(cString: OpenSSL_version(OPENSSL_VERSION))
    }

    /// The run-time version number (`OpenSSL_version_num()`), `0xMNN00PP0L` in OpenSSL 3.
    public static var versionNumber: UInt {
        UInt(OpenSSL_version_num())
    }

    /// The version number of the headers the build compiled against; a mismatch in the
    /// major version with `versionNumber` means the wrong shared library was picked up.
    public static var headerVersionNumber: UInt {
        UInt(phiguard_openssl_header_version_number())
    }

    /// Initialises libssl once, before any other call into OpenSSL. Without OpenSSL's exit handler:
    /// it frees the library's global state during `exit`, under any thread still in a handshake, and
    /// costs every run of the CLI time for memory the system takes back anyway.
    static func initialize() throws(TLSCheckError) {
        guard initialized else { throw TLSCheckError(.openSSL, "cannot initialise OpenSSL: \(drainOpenSSLErrors())") }
    }

    private static let initialized = OPENSSL_init_ssl(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1

    /// The major version encoded in an OpenSSL 3 version number.
    public static func majorVersion(of number: UInt) -> Int {
        Int((number >> 28) & 0xF)
    }
}
