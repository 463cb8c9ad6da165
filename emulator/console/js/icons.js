// Icons for object types and for the icon names Symcon profiles carry ("Electricity", "Drops",
// "Temperature", ... and the newer Font Awesome names such as "bolt"). Hand-drawn 16x16 SVG paths;
// a name the console does not know shows as a small badge with its first letter and the name as
// tooltip, so the profile's choice stays visible.

const PATHS = {
  category: "M1 4h5l1.5 1.5H15v8.5H1z",
  instance: "M3 2h10v12H3zM5 5h6M5 8h6M5 11h4",
  variable: "M4 3c-2 3-2 7 0 10M12 3c2 3 2 7 0 10M6 6l4 4M10 6l-4 4",
  script: "M3 2h7l3 3v9H3zM5 7h6M5 10h6",
  event: "M8 2a6 6 0 1 0 .01 0M8 5v3l2 2",
  media: "M2 3h12v10H2zM4 11l3-4 2 3 2-2 2 3",
  link: "M6 10l4-4M5 7L3.5 8.5a2.5 2.5 0 0 0 3.5 3.5L8.5 10.5M11 9l1.5-1.5A2.5 2.5 0 0 0 9 4L7.5 5.5",
  electricity: "M9 1L3 9h4l-1 6 6-8H8z",
  drops: "M8 1C5 6 4 8 4 10a4 4 0 0 0 8 0c0-2-1-4-4-9z",
  temperature: "M7 2h2v8a3 3 0 1 1-2 0zM7 6h2",
  flame: "M8 1c1 3 4 4 4 8a4 4 0 0 1-8 0c0-2 1-3 2-4 0 2 1 3 2 3-1-3 0-5 0-7z",
  gauge: "M2 11a6 6 0 1 1 12 0M8 11l3-4",
  clock: "M8 2a6 6 0 1 0 .01 0M8 4v4h3",
  power: "M8 1v6M4.5 4a5 5 0 1 0 7 0",
  warning: "M8 1l7 13H1zM8 6v4M8 12v1",
  information: "M8 2a6 6 0 1 0 .01 0M8 7v5M8 4.5v.5",
  battery: "M2 5h11v6H2zM13 7h1v2h-1M4 7v2M6 7v2",
  sun: "M8 5a3 3 0 1 0 .01 0M8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3",
  intensity: "M8 2a6 6 0 1 0 .01 0M8 2v12",
  graph: "M2 14V2M2 14h12M4 11l3-4 2 2 4-5",
};

const ALIASES = {
  bolt: "electricity", energy: "electricity", plug: "electricity", droplet: "drops", water: "drops", humidity: "drops",
  "temperature-half": "temperature", thermometer: "temperature", fire: "flame", gas: "flame", speedometer: "gauge",
  "gauge-high": "gauge", time: "clock", hourglass: "clock", "power-off": "power", alert: "warning",
  "triangle-exclamation": "warning", info: "information", "circle-info": "information", "battery-full": "battery",
  "chart-line": "graph", lightbulb: "intensity", bulb: "intensity",
};

function svg(path, title) {
  const ns = "http://www.w3.org/2000/svg";
  const root = document.createElementNS(ns, "svg");
  root.setAttribute("viewBox", "0 0 16 16");
  root.setAttribute("class", "icon");
  root.setAttribute("aria-hidden", "true");
  const p = document.createElementNS(ns, "path");
  p.setAttribute("d", path);
  root.append(p);
  if (title) {
    const t = document.createElementNS(ns, "title");
    t.textContent = title;
    root.append(t);
  }
  return root;
}

export function typeIcon(typeName) {
  return svg(PATHS[typeName.toLowerCase()] || PATHS.variable, typeName);
}

// The icon for a profile's Icon name, or null when the name is empty.
export function profileIcon(name) {
  if (!name) return null;
  const key = name.toLowerCase();
  const path = PATHS[key] || PATHS[ALIASES[key]];
  const wrap = document.createElement("span");
  wrap.className = "profile-icon";
  wrap.dataset.icon = name;
  wrap.title = `Icon: ${name}`;
  if (path) wrap.append(svg(path));
  else wrap.append(document.createTextNode(name.slice(0, 1).toUpperCase()));
  return wrap;
}
