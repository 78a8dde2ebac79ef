// Thin wrappers for OpenSSL macros that the Swift clang importer cannot see
// (function-like macros over SSL_CTX_ctrl, the typed stack macros, BIO_ctrl).
// Only DatabaseTLS imports this module.
#ifndef PHIGUARD_COPENSSL_SHIM_H
#define PHIGUARD_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/crypto.h>

/// OPENSSL_VERSION_NUMBER of the headers this module was compiled against.
static inline unsigned long phiguard_openssl_header_version_number(void) {
    return (unsigned long)OPENSSL_VERSION_NUMBER;
}

static inline int phiguard_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int phiguard_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline int phiguard_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline int phiguard_sk_X509_num(const STACK_OF(X509) *stack) {
    return sk_X509_num(stack);
}

static inline X509 *phiguard_sk_X509_value(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}

static inline long phiguard_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

#endif
