//! PMTiles reader tests on archives written here: plain and gzip'd directories, a leaf level.

use std::io::Write;

use super::*;

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn directory(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u64);
    let mut last = 0;
    for e in entries {
        put_varint(&mut out, e.tile_id - last);
        last = e.tile_id;
    }
    for e in entries {
        put_varint(&mut out, e.run);
    }
    for e in entries {
        put_varint(&mut out, e.length);
    }
    for (k, e) in entries.iter().enumerate() {
        let follows = k > 0 && entries[k - 1].offset + entries[k - 1].length == e.offset;
        put_varint(&mut out, if follows { 0 } else { e.offset + 1 });
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// An archive of `tiles` (keys sorted by tile id), directories gzip'd or not, with a leaf level
/// when `leaf`.
fn archive(tiles: &[(TileKey, Vec<u8>)], gz: bool, leaf: bool) -> Vec<u8> {
    let mut data = Vec::new();
    let mut entries = Vec::new();
    let mut sorted: Vec<_> = tiles.iter().map(|(k, b)| (tile_id(*k), b)).collect();
    sorted.sort_by_key(|(id, _)| *id);
    for (id, bytes) in sorted {
        entries.push(Entry {
            tile_id: id,
            offset: data.len() as u64,
            length: bytes.len() as u64,
            run: 1,
        });
        data.extend_from_slice(bytes);
    }
    let pack = |b: Vec<u8>| if gz { gzip(&b) } else { b };
    let (root, leaves) = if leaf {
        let leaf_dir = pack(directory(&entries));
        let root = vec![Entry {
            tile_id: 0,
            offset: 0,
            length: leaf_dir.len() as u64,
            run: 0,
        }];
        (pack(directory(&root)), leaf_dir)
    } else {
        (pack(directory(&entries)), Vec::new())
    };
    let meta = pack(br#"{"name":"Kit","attribution":"(c) Essai PMTiles"}"#.to_vec());
    let mut h = vec![0u8; HEADER_LEN];
    h[0..7].copy_from_slice(b"PMTiles");
    h[7] = 3;
    let root_at = HEADER_LEN as u64;
    let meta_at = root_at + root.len() as u64;
    let leaves_at = meta_at + meta.len() as u64;
    let data_at = leaves_at + leaves.len() as u64;
    for (at, v) in [
        (8, root_at),
        (16, root.len() as u64),
        (24, meta_at),
        (32, meta.len() as u64),
        (40, leaves_at),
        (48, leaves.len() as u64),
        (56, data_at),
        (64, data.len() as u64),
    ] {
        h[at..at + 8].copy_from_slice(&v.to_le_bytes());
    }
    h[97] = if gz { 2 } else { 1 };
    h[98] = 1;
    h[99] = 2;
    h[100] = 0;
    h[101] = 3;
    for (at, v) in [
        (102, -10_000_000i32),
        (106, 470_000_000),
        (110, 0),
        (114, 480_000_000),
    ] {
        h[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }
    [h, root, meta, leaves, data].concat()
}

#[test]
fn tile_ids_follow_the_specification() {
    let id = |zoom, x, y| tile_id(TileKey { zoom, x, y });
    assert_eq!(id(0, 0, 0), 0);
    assert_eq!(id(1, 0, 0), 1);
    assert_eq!(id(1, 0, 1), 2);
    assert_eq!(id(1, 1, 1), 3);
    assert_eq!(id(1, 1, 0), 4);
    assert_eq!(id(2, 0, 0), 5);
    assert_eq!(id(3, 0, 0), 21);
    assert_eq!(id(3, 7, 0), 84);
}

#[test]
fn tiles_are_found_through_plain_gzip_and_leaf_directories() {
    let keys = [
        TileKey {
            zoom: 0,
            x: 0,
            y: 0,
        },
        TileKey {
            zoom: 1,
            x: 1,
            y: 0,
        },
        TileKey {
            zoom: 3,
            x: 4,
            y: 2,
        },
        TileKey {
            zoom: 3,
            x: 5,
            y: 2,
        },
    ];
    let tiles: Vec<_> = keys
        .iter()
        .enumerate()
        .map(|(k, key)| (*key, format!("\x7fPNG tile {k}").into_bytes()))
        .collect();
    let dir = tempfile::tempdir().expect("tempdir");
    for (gz, leaf) in [(false, false), (true, false), (true, true)] {
        let path = dir.path().join(format!("kit-{gz}-{leaf}.pmtiles"));
        std::fs::write(&path, archive(&tiles, gz, leaf)).expect("write");
        let file = PmTiles::open(&path).expect("open");
        for (key, bytes) in &tiles {
            assert_eq!(
                file.tile(*key).expect("read").as_ref(),
                Some(bytes),
                "{key:?}"
            );
        }
        let absent = TileKey {
            zoom: 3,
            x: 6,
            y: 2,
        };
        assert_eq!(file.tile(absent).expect("read"), None);
        let meta = file.meta();
        assert_eq!(meta.attribution.as_deref(), Some("(c) Essai PMTiles"));
        assert_eq!((meta.min_zoom, meta.max_zoom), (0, 3));
        assert_eq!(meta.bounds, Some([-1.0, 47.0, 0.0, 48.0]));
    }
}

#[test]
fn damaged_archives_are_refused_not_panicked_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tiles = vec![(
        TileKey {
            zoom: 0,
            x: 0,
            y: 0,
        },
        b"tile".to_vec(),
    )];
    let good = archive(&tiles, true, true);
    for cut in [3, 50, HEADER_LEN, HEADER_LEN + 5, good.len() - 2] {
        let path = dir.path().join(format!("cut-{cut}.pmtiles"));
        std::fs::write(&path, &good[..cut]).expect("write");
        if let Ok(file) = PmTiles::open(&path) {
            let _ = file.tile(TileKey {
                zoom: 0,
                x: 0,
                y: 0,
            });
        }
    }
    let path = dir.path().join("other.pmtiles");
    std::fs::write(&path, b"PMTiles\x02 and more bytes").expect("write");
    assert!(PmTiles::open(&path).is_err());
}
