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
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/tls1.h>
#include <stdio.h>
#include <string.h>

/// OPENSSL_VERSION_NUMBER of the headers this module was compiled against.
static inline unsigned long phiguard_openssl_header_version_number(void) {
    return (unsigned long)OPENSSL_VERSION_NUMBER;
}

static inline long phiguard_SSL_CTX_disable_session_cache(SSL_CTX *ctx) {
    return SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

static inline int phiguard_SSL_set_min_proto_version(SSL *ssl, int version) {
    return (int)SSL_set_min_proto_version(ssl, version);
}

static inline int phiguard_SSL_set_max_proto_version(SSL *ssl, int version) {
    return (int)SSL_set_max_proto_version(ssl, version);
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

/// Frees a chain from X509_STORE_CTX_get1_chain and the references it holds.
static inline void phiguard_sk_X509_pop_free(STACK_OF(X509) *stack) {
    sk_X509_pop_free(stack, X509_free);
}

static inline long phiguard_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

static inline unsigned long phiguard_XN_FLAG_RFC2253(void) {
    return XN_FLAG_RFC2253;
}

static inline int phiguard_SSL_request_ocsp_stapling(SSL *ssl) {
    return (int)SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
}

/// Length of the stapled OCSP response the server sent, or -1 when it sent none.
static inline long phiguard_SSL_stapled_ocsp_length(SSL *ssl) {
    const unsigned char *response = NULL;
    return SSL_get_tlsext_status_ocsp_resp(ssl, &response);
}

static inline int phiguard_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

/// Copies the subject alternative name at `index` into `buffer` as text and returns its kind:
/// 1 DNS name, 2 IP address (dotted or RFC 5952 text), 0 another kind (left empty), -1 no such name.
/// IP addresses are formatted here so Swift never touches the GENERAL_NAME union.
static inline int phiguard_subject_alt_name(const GENERAL_NAMES *names, int index, char *buffer, size_t capacity) {
    if (index < 0 || index >= sk_GENERAL_NAME_num(names) || capacity == 0) return -1;
    buffer[0] = 0;
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, index);
    if (name->type == GEN_DNS) {
        const unsigned char *data = ASN1_STRING_get0_data(name->d.dNSName);
        size_t length = (size_t)ASN1_STRING_length(name->d.dNSName);
        if (length >= capacity) length = capacity - 1;
        memcpy(buffer, data, length);
        buffer[length] = 0;
        for (size_t i = 0; i < length; i++) if (buffer[i] == 0) buffer[i] = '?';
        return 1;
    }
    if (name->type == GEN_IPADD) {
        int length = ASN1_STRING_length(name->d.iPAddress);
        const unsigned char *bytes = ASN1_STRING_get0_data(name->d.iPAddress);
        if (length == 4) {
            snprintf(buffer, capacity, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
        } else if (length == 16) {
            size_t used = 0;
            for (int i = 0; i < 16 && used + 6 < capacity; i += 2) {
                used += (size_t)snprintf(buffer + used, capacity - used, i == 0 ? "%x" : ":%x", (bytes[i] << 8) | bytes[i + 1]);
            }
        }
        return 2;
    }
    return 0;
}

#endif
