//! Why a layer could not be loaded, kept typed across threads so that the layer card offers the
//! way out that fits (another CRS, locate the file, try again later); the words are made when
//! shown, in the interface language.

use std::fmt;
use std::sync::Arc;

use crate::i18n::tr;
use crate::sources::SourceError;
use crate::sources::portal::PortalError;

/// A failed load of a layer. The data loaded before, if any, is kept beside it.
#[derive(Clone, Debug)]
pub enum LayerError {
    /// The file or the downloaded data could not be read.
    Source(Arc<SourceError>),
    /// The portal could not give the data.
    Portal(Arc<PortalError>),
    /// The reader stopped on a fault of its own; the detail is in the log.
    Internal,
}

impl LayerError {
    /// The error of the file reader, also when it read a portal's download.
    fn source_error(&self) -> Option<&SourceError> {
        match self {
            Self::Source(e) => Some(e),
            Self::Portal(e) => match e.as_ref() {
                PortalError::Source(e) => Some(e),
                _ => None,
            },
            Self::Internal => None,
        }
    }

    /// True when choosing the source's coordinate system may fix it.
    pub fn is_crs(&self) -> bool {
        matches!(
            self.source_error(),
            Some(SourceError::Crs(_) | SourceError::CrsMissing(_))
        )
    }

    /// The system the coordinates suggest, when the source declares none.
    pub fn suggested_crs(&self) -> Option<&'static str> {
        match self.source_error() {
            Some(SourceError::CrsMissing(suggestion)) => *suggestion,
            _ => None,
        }
    }

    /// True when the file is not where the layer says: *Localiser…* fixes it.
    pub fn is_missing_file(&self) -> bool {
        matches!(
            self.source_error(),
            Some(SourceError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound
        )
    }

    /// True when the portal wants an API key for the dataset (401, 403).
    pub fn needs_key(&self) -> bool {
        matches!(self, Self::Portal(e) if matches!(e.as_ref(), PortalError::Private(_)))
    }

    /// True when loading again as it is may work: the portal's network, server or quota, an
    /// answer cut short or a proxy's page, a key now given. A file's problem needs another
    /// remedy (a coordinate system, its new place) or the file to be mended.
    pub fn can_retry(&self) -> bool {
        matches!(self, Self::Portal(e) if e.is_transient() || matches!(
            e.as_ref(),
            PortalError::Private(_)
                | PortalError::BadAnswer(_)
                | PortalError::Status(_)
                | PortalError::Cache(_)
                | PortalError::Cancelled
        ))
    }

    /// True when trying again later may work (network, quota, server).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Portal(e) if e.is_transient())
    }
}

impl fmt::Display for LayerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Source(e) => e.fmt(f),
            Self::Portal(e) => e.fmt(f),
            Self::Internal => f.write_str(&tr("err-internal")),
        }
    }
}

impl From<SourceError> for LayerError {
    fn from(error: SourceError) -> Self {
        Self::Source(Arc::new(error))
    }
}

impl From<PortalError> for LayerError {
    fn from(error: PortalError) -> Self {
        Self::Portal(Arc::new(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_told_apart_from_a_crs_problem() {
        let missing = LayerError::from(SourceError::io(
            "absent.geojson",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
        assert!(missing.is_missing_file());
        assert!(!missing.is_crs());
        let crs = LayerError::from(SourceError::CrsMissing(None));
        assert!(crs.is_crs());
        assert!(!crs.is_missing_file());
        let private = LayerError::from(PortalError::Private("prive".into()));
        assert!(private.needs_key() && !private.is_transient() && private.can_retry());
        assert!(
            !missing.can_retry() && !crs.can_retry(),
            "files have their own remedies"
        );
        let offline = LayerError::from(PortalError::Network(crate::sources::fault::NetFault::Dns));
        assert!(offline.is_transient());
        assert!(!offline.is_crs());
        let downloaded = LayerError::from(PortalError::Source(SourceError::CrsMissing(None)));
        assert!(downloaded.is_crs(), "a download read without CRS");
    }

    #[test]
    fn the_message_is_the_error_s_own() {
        let e = LayerError::from(SourceError::Unsupported("xyz".into()));
        assert_eq!(
            e.to_string(),
            SourceError::Unsupported("xyz".into()).to_string()
        );
    }
}
