//! The report's SVG, read back as geometry: for every example model, the
//! test fixtures and generated estates of 100 and 1,000 items, no flow runs
//! through a box other than its two ends, no two flows share a stretch of
//! line, no label covers a box, every label sits by its own line, and every
//! element is inside each boundary around it.

use std::collections::HashMap;
use std::path::Path;

use threatmap::analysis::Findings;
use threatmap::model::{Model, load};
use threatmap::report::diagram::Diagram;
use threatmap::report::svg;

#[derive(Debug, Clone, Copy)]
struct Px {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Px {
    /// Whether the open segment a–b passes through the inside of the box.
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        x0 < self.x + self.w && x1 > self.x && y0 < self.y + self.h && y1 > self.y
    }
    fn overlaps(&self, o: &Px) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
    fn encloses(&self, o: &Px) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
    }
}

struct Flow {
    id: String,
    ends: (String, String),
    points: Vec<(f64, f64)>,
    label: Option<Px>,
}

#[derive(Default)]
struct Svg {
    boxes: HashMap<String, Px>,
    frames: HashMap<String, Px>,
    flows: Vec<Flow>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

fn nums(s: &str) -> Vec<f64> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().expect("a number"))
        .collect()
}

fn parse(svg: &str) -> Svg {
    let mut out = Svg::default();
    // Every element line of the renderer's output is one group.
    for line in svg.lines() {
        if line.starts_with("<g class=\"node\"") {
            let id = unescape(attr(line, "data-id").expect("node id"));
            let b = nums(attr(line, "data-box").expect("node box"));
            out.boxes.insert(
                id,
                Px {
                    x: b[0],
                    y: b[1],
                    w: b[2],
                    h: b[3],
                },
            );
        } else if line.starts_with("<g class=\"boundary\"") {
            let id = unescape(attr(line, "data-id").expect("boundary id"));
            let rect = &line[line.find("<rect").expect("frame rect")..];
            let v = |n| {
                attr(rect, n)
                    .expect("frame attr")
                    .parse::<f64>()
                    .expect("number")
            };
            out.frames.insert(
                id,
                Px {
                    x: v("x"),
                    y: v("y"),
                    w: v("width"),
                    h: v("height"),
                },
            );
        } else if line.starts_with("<g class=\"flow\"") {
            let id = unescape(attr(line, "data-flow").expect("flow id"));
            let ends = unescape(attr(line, "data-ends").expect("flow ends"));
            let (s, t) = ends.split_once(' ').expect("two ends");
            let path = &line[line.find("<path").expect("flow path")..];
            let p = nums(attr(path, "d").expect("path data"));
            let points = p.chunks(2).map(|c| (c[0], c[1])).collect();
            let label = line.find("class=\"label\"").map(|at| {
                let tag = &line[line[..at].rfind("<text").expect("label tag")..];
                let v = |n| {
                    attr(tag, n)
                        .expect("label attr")
                        .parse::<f64>()
                        .expect("number")
                };
                Px {
                    x: v("x"),
                    y: v("y") - 12.0,
                    w: v("data-w"),
                    h: 16.0,
                }
            });
            out.flows.push(Flow {
                id,
                ends: (s.into(), t.into()),
                points,
                label,
            });
        }
    }
    out
}

fn check(name: &str, model: &Model) {
    let diagram = Diagram::new(model, &Findings::default());
    let svg = parse(&svg::render(&diagram));
    assert_eq!(
        svg.boxes.len(),
        model.elements.len(),
        "{name}: every element drawn"
    );
    let drawable = model
        .flows
        .iter()
        .filter(|f| {
            f.source != f.target
                && model.element(&f.source).is_some()
                && model.element(&f.target).is_some()
        })
        .count();
    assert_eq!(svg.flows.len(), drawable, "{name}: every flow drawn");
    let mut problems = Vec::new();
    for f in &svg.flows {
        for (id, b) in &svg.boxes {
            if *id == f.ends.0 || *id == f.ends.1 {
                continue;
            }
            if f.points.windows(2).any(|w| b.crossed_by(w[0], w[1])) {
                problems.push(format!("flow {} runs through box {id}", f.id));
            }
        }
        if let Some(l) = f.label {
            for (id, b) in &svg.boxes {
                if l.overlaps(b) {
                    problems.push(format!("label of {} covers box {id}", f.id));
                }
            }
            // On the line, or in the next cell beside it.
            let near = Px {
                x: l.x - 12.0,
                y: l.y - 8.0,
                w: l.w + 24.0,
                h: l.h + 16.0,
            };
            if !f.points.windows(2).any(|w| near.crossed_by(w[0], w[1])) {
                problems.push(format!("label of {} is away from its line", f.id));
            }
        }
    }
    // No two flows share a stretch of line: segments on one row or column
    // that overlap by more than a point.
    type Runs = HashMap<(bool, i64), Vec<(f64, f64, usize)>>;
    let mut rows: Runs = HashMap::new();
    for (k, f) in svg.flows.iter().enumerate() {
        for w in f.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let key = if a.1 == b.1 {
                (true, a.1 as i64)
            } else {
                (false, a.0 as i64)
            };
            let (lo, hi) = if key.0 {
                (a.0.min(b.0), a.0.max(b.0))
            } else {
                (a.1.min(b.1), a.1.max(b.1))
            };
            rows.entry(key).or_default().push((lo, hi, k));
        }
    }
    for segs in rows.values() {
        for (i, a) in segs.iter().enumerate() {
            for b in &segs[i + 1..] {
                if a.2 != b.2 && a.0 < b.1 && b.0 < a.1 {
                    problems.push(format!(
                        "flows {} and {} share a line: {:?} and {:?}",
                        svg.flows[a.2].id,
                        svg.flows[b.2].id,
                        svg.flows[a.2].points,
                        svg.flows[b.2].points
                    ));
                }
            }
        }
    }
    for e in &model.elements {
        let b = svg.boxes[&e.id];
        let mut at = e.boundary.as_deref();
        let mut hops = 0;
        while let Some(id) = at.filter(|_| hops <= model.boundaries.len()) {
            hops += 1;
            match svg.frames.get(id) {
                Some(f) if f.encloses(&b) => {}
                Some(_) => problems.push(format!("{} is outside boundary {id}", e.id)),
                None if model.boundary(id).is_none() => {}
                None => problems.push(format!("boundary {id} of {} not drawn", e.id)),
            }
            at = model.boundary(id).and_then(|b| b.parent.as_deref());
        }
    }
    assert!(
        problems.is_empty(),
        "{name}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "{name}: {} boxes, {} flows checked",
        svg.boxes.len(),
        svg.flows.len()
    );
}

fn models_in(dir: &str) -> Vec<(String, Model)> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let loaded =
                load(&p).unwrap_or_else(|e| panic!("{}: {:?}", p.display(), e.diagnostics()));
            (p.display().to_string(), loaded.model)
        })
        .collect()
}

#[test]
fn example_models_draw_cleanly() {
    let models = models_in("models");
    assert!(models.len() >= 3, "the example models are there");
    crate::common::each(
        models,
        |(name, _)| name.clone(),
        |(name, model)| check(name, model),
    );
    let starter = load(Path::new("src/model/starter.ron")).expect("starter");
    check("starter", &starter.model);
}

#[test]
fn fixtures_draw_cleanly() {
    let dir = crate::common::fixtures().join("valid");
    crate::common::each(
        models_in(&dir.display().to_string()),
        |(name, _)| name.clone(),
        |(name, model)| check(name, model),
    );
}

#[test]
fn generated_estates_draw_cleanly() {
    for seed in [1, 7] {
        check(
            &format!("estate 100 seed {seed}"),
            &threatmap::synthetic::generate(100, seed),
        );
    }
}

/// The 1,000-item estate: long lines run through slots reserved for them
/// in every layer they cross, back edges too, so none passes a box.
#[test]
fn estate_of_1000_items_draws_cleanly() {
    check("estate 1000", &threatmap::synthetic::generate(1_000, 1));
}

/// A number in a CSS rule of the report's stylesheet, e.g. the font size of
/// `svg.dfd .flow text`.
fn css_px(css: &str, selector: &str, property: &str) -> f64 {
    let rule = &css[css.find(&format!("{selector} {{")).expect("rule")..];
    let rule = &rule[..rule.find('}').expect("rule end")];
    let value = &rule[rule.find(&format!("{property}:")).expect("property") + property.len() + 1..];
    value
        .trim_start()
        .split("px")
        .next()
        .expect("px")
        .parse()
        .expect("a number")
}

/// In print, a diagram too big for one legible page is split into tiles, a
/// landscape page each, every one a view of the same drawing: together they
/// show all of it, and at the size a tile prints a flow label (11 px in the
/// stylesheet) comes out at 6 pt or more (px × printed scale × 0.75 pt/px),
/// not the 2–3 pt of the whole diagram squeezed onto one page.
#[test]
fn printed_diagram_tiles_show_all_of_it_with_legible_labels() {
    let css = std::fs::read_to_string("src/report/html.css").expect("stylesheet");
    let label_px = css_px(&css, "g.flow text", "font-size");
    for path in [
        "models/ecommerce.ron",
        "models/partner-b2b.ron",
        "models/internal-service.ron",
    ] {
        let html = crate::common::case(path).render(threatmap::report::Format::Html);
        let main = &html[html.find("<svg xmlns").expect("diagram")..];
        let size = nums(attr(main, "viewBox").expect("viewBox"));
        let (width, height) = (size[2], size[3]);
        let mut covered = 0.0;
        let mut smallest = f64::MAX;
        let mut tiles = 0;
        for line in html
            .lines()
            .filter(|l| l.starts_with("<figure class=\"dfd-tile\""))
        {
            tiles += 1;
            let svg = &line[line.find("<svg").expect("tile svg")..];
            let view = nums(attr(svg, "viewBox").expect("tile viewBox"));
            let style = attr(svg, "style").expect("tile size");
            let mm: f64 = style["width:".len()..style.find("mm").expect("mm")]
                .parse()
                .expect("width in mm");
            assert!(
                mm <= 277.0,
                "{path}: a tile fits an A4 landscape page: {style}"
            );
            assert!(
                svg.contains("<use href=\"#dfd-all\"/>"),
                "{path}: a view of the one drawing"
            );
            // CSS px per drawing px, then points.
            let scale = mm / 25.4 * 96.0 / view[2];
            smallest = smallest.min(label_px * scale * 0.75);
            covered += view[2] * view[3];
        }
        assert!(tiles > 1, "{path}: the diagram is split for print");
        assert!(
            smallest >= 6.0,
            "{path}: printed labels are {smallest:.1} pt"
        );
        assert_eq!(
            covered,
            width * height,
            "{path}: the tiles show the whole drawing"
        );
        eprintln!("{path}: {tiles} tiles, labels print at {smallest:.1} pt");
    }
}
