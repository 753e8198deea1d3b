//! The OGC API Features and WFS clients against real pygeoapi and MapServer servers on 127.0.0.1.

use crate::ogc_servers::servers;

#[test]
fn the_test_servers_answer() {
    let s = servers();
    let get = |url: String| reqwest::blocking::get(url).expect("get").text().expect("text");
    let landing = get(format!("{}/collections?f=json", s.pygeoapi));
    assert!(landing.contains("patrimoine"), "{landing}");
    let caps = get(format!("{}?SERVICE=WFS&REQUEST=GetCapabilities", s.wfs));
    assert!(caps.contains("patrimoine"), "{caps}");
}
