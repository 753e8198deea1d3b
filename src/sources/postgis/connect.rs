//! Opening a connection: the password (given, from the keyring, or `PGPASSWORD`), then TLS by
//! `sslmode` through rustls with the system's certificate store (plus `sslrootcert`).

use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};

use super::error::Context;
use super::{PgConnection, PgError, SslMode};

/// The password to use for `connection`: the one given, else the keyring's, else `PGPASSWORD`.
pub fn password_for(connection: &PgConnection, given: Option<&str>) -> Option<String> {
    given
        .map(str::to_owned)
        .or_else(|| crate::sources::credentials::pg_password(&connection.credential_key()))
        .or_else(|| std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()))
}

/// Opens a session on `connection` (blocking: run it in a job).
pub fn connect(
    connection: &PgConnection,
    password: Option<&str>,
) -> Result<postgres::Client, PgError> {
    let mut config = postgres::Config::new();
    config
        .host(&connection.host)
        .port(connection.port)
        .dbname(&connection.database)
        .user(&connection.user)
        .application_name("territoire")
        .connect_timeout(Duration::from_secs(15));
    if let Some(password) = password {
        config.password(password);
    }
    let server = connection.server();
    let cx = Context {
        server: &server,
        database: &connection.database,
        user: &connection.user,
        table: "",
    };
    let result = match connection.sslmode {
        SslMode::Disable => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(postgres::NoTls)
        }
        mode => {
            config.ssl_mode(if mode == SslMode::Prefer {
                postgres::config::SslMode::Prefer
            } else {
                postgres::config::SslMode::Require
            });
            let tls = tls_config(connection).map_err(|()| PgError::Tls(server.clone()))?;
            config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
        }
    };
    result.map_err(|e| PgError::of(&e, cx))
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// The rustls configuration for the connection's mode.
fn tls_config(connection: &PgConnection) -> Result<ClientConfig, ()> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| log::warn!("TLS: {e}"))?;
    let extra = extra_roots(connection)?;
    let verifier: Arc<dyn ServerCertVerifier> = match connection.sslmode {
        SslMode::Disable | SslMode::Prefer | SslMode::Require => {
            Arc::new(Unchecked(provider.clone()))
        }
        SslMode::VerifyCa => Arc::new(AnyName(platform(extra, provider.clone())?)),
        SslMode::VerifyFull => platform(extra, provider.clone())?,
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

fn platform(
    extra: Vec<CertificateDer<'static>>,
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> Result<Arc<dyn ServerCertVerifier>, ()> {
    rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)
        .map(|v| Arc::new(v) as Arc<dyn ServerCertVerifier>)
        .map_err(|e| log::warn!("TLS verifier: {e}"))
}

/// The certificates of `sslrootcert`, when set.
fn extra_roots(connection: &PgConnection) -> Result<Vec<CertificateDer<'static>>, ()> {
    use rustls::pki_types::pem::PemObject as _;
    let Some(path) = &connection.sslrootcert else {
        return Ok(Vec::new());
    };
    CertificateDer::pem_file_iter(path)
        .map_err(|e| log::warn!("{}: {e}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| log::warn!("{}: {e}", path.display()))
}

/// `require`/`prefer`: encrypted, certificate not checked (libpq's meaning); signatures are
/// still verified so the handshake itself is sound.
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = &self.0.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must be trusted, the host name may differ.
#[derive(Debug)]
struct AnyName(Arc<dyn ServerCertVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        use rustls::{CertificateError, Error};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
