//! Every unit id Grafana's value formats define, with its category, its picker name and the
//! formatter that draws it; plus the custom forms (`suffix:`, `prefix:`, `si:`, `count:`,
//! `currency:`, `time:`, `bool:`) and the fallback for ids Grafana does not know.
//!
//! The table follows grafana/grafana `packages/grafana-data/src/valueFormats/categories.ts`
//! (main, with `sishort`, `candela`, `acres`, `hectares`, `mwatth`, `mohm`, `rotkhz`..`rotghz`
//! and the newer currencies); `lengthcm` comes from the same version's `unitSymbols.ts`. The
//! custom forms and the `farenheit` alias follow `getValueFormat` in `valueFormats.ts`.

/// The time scales of `toDuration` (`dtdurationms`, `dtdurations`), largest first, with
/// their length in seconds (grafana `dateTimeFormatters.ts`, `INTERVALS_IN_SECONDS`).
pub(crate) const INTERVALS: [(&str, f64); 8] = [
    ("year", 31_536_000.0),
    ("month", 2_592_000.0),
    ("week", 604_800.0),
    ("day", 86_400.0),
    ("hour", 3600.0),
    ("minute", 60.0),
    ("second", 1.0),
    ("millisecond", 0.001),
];
/// Index of `millisecond` in [`INTERVALS`].
pub(crate) const MILLISECOND: usize = 7;
/// Index of `second` in [`INTERVALS`].
pub(crate) const SECOND: usize = 6;

/// The time units with their own auto-scaling formatter (`toNanoSeconds` ... `toDays`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
}

/// How one unit turns a number into text: one variant per Grafana formatter factory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind<'a> {
    /// `toFixedUnit(unit)`: the number, a space and the unit (nothing when empty).
    Suffix(&'a str),
    /// `toFixedUnit(unit, true)`: the unit right before the number.
    Prefix(&'a str),
    /// `stringFormater`: JavaScript's own spelling of the number.
    Text,
    /// `short`: thousands as K, Mil, Bil, Tri, Quadr, Quint, Sext, Sept.
    Short,
    /// `SIPrefix(unit, offset)`: f p n µ m _ k M G T P E Z Y, the value starting `offset`
    /// steps from the base.
    Si(&'a str, i32),
    /// `binaryPrefix(unit, offset)`: Ki Mi Gi Ti Pi Ei Zi Yi, powers of 1024.
    Binary(&'a str, i32),
    /// `scaledUnits(factor, steps)` with a fixed ladder (`pressurepsi`).
    Ladder(f64, &'static [&'static str]),
    /// `simpleCountUnit(symbol)`: K, M, B, T glued to the number, then the symbol.
    Count(&'a str),
    /// `currency(symbol, asSuffix)`: K, M, B, T and the symbol before (or after) it.
    Currency(&'a str, bool),
    /// `fullCurrency(symbol, asSuffix)` (`currency:financial:$`): grouped digits, unscaled.
    FullCurrency(&'a str, bool),
    Percent,
    PercentUnit,
    Hex,
    Hex0x,
    Sci,
    Locale,
    Time(TimeUnit),
    /// `toDuration` in the given scale (an index into [`INTERVALS`]).
    Duration(usize),
    Hms,
    Dhms,
    Timeticks,
    ClockMs,
    ClockS,
    /// A moment.js pattern, and the shorter one for today's values (`NoDateIfToday`).
    DateTime(&'a str, Option<&'a str>),
    DateTimeFromNow,
    /// `booleanValueFormatter(true text, false text)`.
    Bool(&'a str, &'a str),
}

/// One entry of Grafana's unit picker.
pub(crate) struct UnitDef {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: Kind<'static>,
}

const fn unit(id: &'static str, name: &'static str, kind: Kind<'static>) -> UnitDef {
    UnitDef { id, name, kind }
}

/// The categories in Grafana's order, each with its units in Grafana's order.
pub(crate) const CATEGORIES: &[(&str, &[UnitDef])] = &[
    ("Misc", MISC),
    ("Acceleration", ACCELERATION),
    ("Angle", ANGLE),
    ("Area", AREA),
    ("Computation", COMPUTATION),
    ("Concentration", CONCENTRATION),
    ("Currency", CURRENCY),
    ("Data", DATA),
    ("Data rate", DATA_RATE),
    ("Date & time", DATE_TIME),
    ("Energy", ENERGY),
    ("Flow", FLOW),
    ("Force", FORCE),
    ("Hash rate", HASH_RATE),
    ("Mass", MASS),
    ("Length", LENGTH),
    ("Pressure", PRESSURE),
    ("Radiation", RADIATION),
    ("Rotational Speed", ROTATIONAL_SPEED),
    ("Temperature", TEMPERATURE),
    ("Time", TIME),
    ("Throughput", THROUGHPUT),
    ("Velocity", VELOCITY),
    ("Volume", VOLUME),
    ("Boolean", BOOLEAN),
];

use Kind::*;

const MISC: &[UnitDef] = &[
    unit("none", "Number", Suffix("")),
    unit("string", "String", Text),
    unit("short", "short", Short),
    unit("sishort", "SI short", Si("", 0)),
    unit("percent", "Percent (0-100)", Percent),
    unit("percentunit", "Percent (0.0-1.0)", PercentUnit),
    unit("humidity", "Humidity (%H)", Suffix("%H")),
    unit("dB", "Decibel", Suffix("dB")),
    unit("candela", "Candela (cd)", Si("cd", 0)),
    unit("hex0x", "Hexadecimal (0x)", Hex0x),
    unit("hex", "Hexadecimal", Hex),
    unit("sci", "Scientific notation", Sci),
    unit("locale", "Locale format", Locale),
    unit("pixel", "Pixels", Suffix("px")),
];
const ACCELERATION: &[UnitDef] = &[
    unit("accMS2", "Meters/sec²", Suffix("m/sec²")),
    unit("accFS2", "Feet/sec²", Suffix("f/sec²")),
    unit("accG", "G unit", Suffix("g")),
];
const ANGLE: &[UnitDef] = &[
    unit("degree", "Degrees (°)", Suffix("°")),
    unit("radian", "Radians", Suffix("rad")),
    unit("grad", "Gradian", Suffix("grad")),
    unit("arcmin", "Arc Minutes", Suffix("arcmin")),
    unit("arcsec", "Arc Seconds", Suffix("arcsec")),
];
const AREA: &[UnitDef] = &[
    unit("areaM2", "Square Meters (m²)", Suffix("m²")),
    unit("areaF2", "Square Feet (ft²)", Suffix("ft²")),
    unit("areaMI2", "Square Miles (mi²)", Suffix("mi²")),
    unit("acres", "Acres (ac)", Suffix("ac")),
    unit("hectares", "Hectares (ha)", Suffix("ha")),
];
const COMPUTATION: &[UnitDef] = &[
    unit("flops", "FLOP/s", Si("FLOPS", 0)),
    unit("mflops", "MFLOP/s", Si("FLOPS", 2)),
    unit("gflops", "GFLOP/s", Si("FLOPS", 3)),
    unit("tflops", "TFLOP/s", Si("FLOPS", 4)),
    unit("pflops", "PFLOP/s", Si("FLOPS", 5)),
    unit("eflops", "EFLOP/s", Si("FLOPS", 6)),
    unit("zflops", "ZFLOP/s", Si("FLOPS", 7)),
    unit("yflops", "YFLOP/s", Si("FLOPS", 8)),
];
const CONCENTRATION: &[UnitDef] = &[
    unit("ppm", "parts-per-million (ppm)", Suffix("ppm")),
    unit("conppb", "parts-per-billion (ppb)", Suffix("ppb")),
    unit(
        "conngm3",
        "nanogram per cubic meter (ng/m³)",
        Suffix("ng/m³"),
    ),
    unit(
        "conngNm3",
        "nanogram per normal cubic meter (ng/Nm³)",
        Suffix("ng/Nm³"),
    ),
    unit(
        "conμgm3",
        "microgram per cubic meter (μg/m³)",
        Suffix("μg/m³"),
    ),
    unit(
        "conμgNm3",
        "microgram per normal cubic meter (μg/Nm³)",
        Suffix("μg/Nm³"),
    ),
    unit(
        "conmgm3",
        "milligram per cubic meter (mg/m³)",
        Suffix("mg/m³"),
    ),
    unit(
        "conmgNm3",
        "milligram per normal cubic meter (mg/Nm³)",
        Suffix("mg/Nm³"),
    ),
    unit("congm3", "gram per cubic meter (g/m³)", Suffix("g/m³")),
    unit(
        "congNm3",
        "gram per normal cubic meter (g/Nm³)",
        Suffix("g/Nm³"),
    ),
    unit(
        "conmgdL",
        "milligrams per decilitre (mg/dL)",
        Suffix("mg/dL"),
    ),
    unit(
        "conmmolL",
        "millimoles per litre (mmol/L)",
        Suffix("mmol/L"),
    ),
];
const CURRENCY: &[UnitDef] = &[
    unit("currencyUSD", "Dollars ($)", Currency("$", false)),
    unit("currencyGBP", "Pounds (£)", Currency("£", false)),
    unit("currencyEUR", "Euro (€)", Currency("€", false)),
    unit("currencyJPY", "Yen (¥)", Currency("¥", false)),
    unit("currencyRUB", "Rubles (₽)", Currency("₽", false)),
    unit("currencyUAH", "Hryvnias (₴)", Currency("₴", false)),
    unit("currencyBRL", "Real (R$)", Currency("R$", false)),
    unit("currencyDKK", "Danish Krone (kr)", Currency("kr", true)),
    unit("currencyISK", "Icelandic Króna (kr)", Currency("kr", true)),
    unit("currencyNOK", "Norwegian Krone (kr)", Currency("kr", true)),
    unit("currencySEK", "Swedish Krona (kr)", Currency("kr", true)),
    unit("currencyCZK", "Czech koruna (czk)", Currency("czk", false)),
    unit("currencyCHF", "Swiss franc (CHF)", Currency("CHF", false)),
    unit("currencyPLN", "Polish Złoty (PLN)", Currency("PLN", false)),
    unit("currencyBTC", "Bitcoin (฿)", Currency("฿", false)),
    unit("currencymBTC", "Milli Bitcoin (฿)", Currency("mBTC", false)),
    unit("currencyμBTC", "Micro Bitcoin (฿)", Currency("μBTC", false)),
    unit(
        "currencyZAR",
        "South African Rand (R)",
        Currency("R", false),
    ),
    unit("currencyINR", "Indian Rupee (₹)", Currency("₹", false)),
    unit("currencyKRW", "South Korean Won (₩)", Currency("₩", false)),
    unit(
        "currencyIDR",
        "Indonesian Rupiah (Rp)",
        Currency("Rp", false),
    ),
    unit(
        "currencyPHP",
        "Philippine Peso (PHP)",
        Currency("PHP", false),
    ),
    unit("currencyVND", "Vietnamese Dong (VND)", Currency("đ", true)),
    unit("currencyTRY", "Turkish Lira (₺)", Currency("₺", true)),
    unit(
        "currencyMYR",
        "Malaysian Ringgit (RM)",
        Currency("RM", false),
    ),
    unit("currencyXPF", "CFP franc (XPF)", Currency("XPF", false)),
    unit("currencyBGN", "Bulgarian Lev (BGN)", Currency("BGN", false)),
    unit("currencyPYG", "Guaraní (₲)", Currency("₲", false)),
    unit("currencyUYU", "Uruguay Peso (UYU)", Currency("UYU", false)),
    unit(
        "currencyILS",
        "Israeli New Shekels (₪)",
        Currency("₪", false),
    ),
];
const DATA: &[UnitDef] = &[
    unit("bytes", "bytes(IEC)", Binary("B", 0)),
    unit("decbytes", "bytes(SI)", Si("B", 0)),
    unit("bits", "bits(IEC)", Binary("b", 0)),
    unit("decbits", "bits(SI)", Si("b", 0)),
    unit("kbytes", "kibibytes", Binary("B", 1)),
    unit("deckbytes", "kilobytes", Si("B", 1)),
    unit("mbytes", "mebibytes", Binary("B", 2)),
    unit("decmbytes", "megabytes", Si("B", 2)),
    unit("gbytes", "gibibytes", Binary("B", 3)),
    unit("decgbytes", "gigabytes", Si("B", 3)),
    unit("tbytes", "tebibytes", Binary("B", 4)),
    unit("dectbytes", "terabytes", Si("B", 4)),
    unit("pbytes", "pebibytes", Binary("B", 5)),
    unit("decpbytes", "petabytes", Si("B", 5)),
];
const DATA_RATE: &[UnitDef] = &[
    unit("pps", "packets/sec", Si("p/s", 0)),
    unit("binBps", "bytes/sec(IEC)", Binary("B/s", 0)),
    unit("Bps", "bytes/sec(SI)", Si("B/s", 0)),
    unit("binbps", "bits/sec(IEC)", Binary("b/s", 0)),
    unit("bps", "bits/sec(SI)", Si("b/s", 0)),
    unit("KiBs", "kibibytes/sec", Binary("B/s", 1)),
    unit("Kibits", "kibibits/sec", Binary("b/s", 1)),
    unit("KBs", "kilobytes/sec", Si("B/s", 1)),
    unit("Kbits", "kilobits/sec", Si("b/s", 1)),
    unit("MiBs", "mebibytes/sec", Binary("B/s", 2)),
    unit("Mibits", "mebibits/sec", Binary("b/s", 2)),
    unit("MBs", "megabytes/sec", Si("B/s", 2)),
    unit("Mbits", "megabits/sec", Si("b/s", 2)),
    unit("GiBs", "gibibytes/sec", Binary("B/s", 3)),
    unit("Gibits", "gibibits/sec", Binary("b/s", 3)),
    unit("GBs", "gigabytes/sec", Si("B/s", 3)),
    unit("Gbits", "gigabits/sec", Si("b/s", 3)),
    unit("TiBs", "tebibytes/sec", Binary("B/s", 4)),
    unit("Tibits", "tebibits/sec", Binary("b/s", 4)),
    unit("TBs", "terabytes/sec", Si("B/s", 4)),
    unit("Tbits", "terabits/sec", Si("b/s", 4)),
    unit("PiBs", "pebibytes/sec", Binary("B/s", 5)),
    unit("Pibits", "pebibits/sec", Binary("b/s", 5)),
    unit("PBs", "petabytes/sec", Si("B/s", 5)),
    unit("Pbits", "petabits/sec", Si("b/s", 5)),
];
/// Grafana's `systemDateFormats.fullDate`, the default `dateTimeAsSystem` pattern.
pub(crate) const SYSTEM_DATE_FORMAT: &str = "YYYY-MM-DD HH:mm:ss";
const DATE_TIME: &[UnitDef] = &[
    unit(
        "dateTimeAsIso",
        "Datetime ISO",
        DateTime("YYYY-MM-DD HH:mm:ss", None),
    ),
    unit(
        "dateTimeAsIsoNoDateIfToday",
        "Datetime ISO (No date if today)",
        DateTime("YYYY-MM-DD HH:mm:ss", Some("HH:mm:ss")),
    ),
    unit(
        "dateTimeAsUS",
        "Datetime US",
        DateTime("MM/DD/YYYY h:mm:ss a", None),
    ),
    unit(
        "dateTimeAsUSNoDateIfToday",
        "Datetime US (No date if today)",
        DateTime("MM/DD/YYYY h:mm:ss a", Some("h:mm:ss a")),
    ),
    // Grafana derives these two from the browser's locale (`localTimeFormat`); the core has
    // no browser, so they use what en-US gives: "07/02/2010, 12:00:00 AM".
    unit(
        "dateTimeAsLocal",
        "Datetime local",
        DateTime("MM/DD/YYYY, hh:mm:ss A", None),
    ),
    unit(
        "dateTimeAsLocalNoDateIfToday",
        "Datetime local (No date if today)",
        DateTime("MM/DD/YYYY, hh:mm:ss A", Some("hh:mm:ss A")),
    ),
    unit(
        "dateTimeAsSystem",
        "Datetime default",
        DateTime(SYSTEM_DATE_FORMAT, None),
    ),
    unit("dateTimeFromNow", "From Now", DateTimeFromNow),
];
const ENERGY: &[UnitDef] = &[
    unit("watt", "Watt (W)", Si("W", 0)),
    unit("kwatt", "Kilowatt (kW)", Si("W", 1)),
    unit("megwatt", "Megawatt (MW)", Si("W", 2)),
    unit("gwatt", "Gigawatt (GW)", Si("W", 3)),
    unit("mwatt", "Milliwatt (mW)", Si("W", -1)),
    unit("Wm2", "Watt per square meter (W/m²)", Si("W/m²", 0)),
    unit("voltamp", "Volt-Ampere (VA)", Si("VA", 0)),
    unit("kvoltamp", "Kilovolt-Ampere (kVA)", Si("VA", 1)),
    unit("voltampreact", "Volt-Ampere reactive (VAr)", Si("VAr", 0)),
    unit(
        "kvoltampreact",
        "Kilovolt-Ampere reactive (kVAr)",
        Si("VAr", 1),
    ),
    unit("watth", "Watt-hour (Wh)", Si("Wh", 0)),
    unit(
        "watthperkg",
        "Watt-hour per Kilogram (Wh/kg)",
        Si("Wh/kg", 0),
    ),
    unit("kwatth", "Kilowatt-hour (kWh)", Si("Wh", 1)),
    unit("kwattm", "Kilowatt-min (kWm)", Si("W-Min", 1)),
    unit("mwatth", "Megawatt-hour (MWh)", Si("Wh", 2)),
    unit("amph", "Ampere-hour (Ah)", Si("Ah", 0)),
    unit("kamph", "Kiloampere-hour (kAh)", Si("Ah", 1)),
    unit("mamph", "Milliampere-hour (mAh)", Si("Ah", -1)),
    unit("joule", "Joule (J)", Si("J", 0)),
    unit("ev", "Electron volt (eV)", Si("eV", 0)),
    unit("amp", "Ampere (A)", Si("A", 0)),
    unit("kamp", "Kiloampere (kA)", Si("A", 1)),
    unit("mamp", "Milliampere (mA)", Si("A", -1)),
    unit("volt", "Volt (V)", Si("V", 0)),
    unit("kvolt", "Kilovolt (kV)", Si("V", 1)),
    unit("mvolt", "Millivolt (mV)", Si("V", -1)),
    unit("dBm", "Decibel-milliwatt (dBm)", Si("dBm", 0)),
    unit("mohm", "Milliohm (mΩ)", Si("Ω", -1)),
    unit("ohm", "Ohm (Ω)", Si("Ω", 0)),
    unit("kohm", "Kiloohm (kΩ)", Si("Ω", 1)),
    unit("Mohm", "Megaohm (MΩ)", Si("Ω", 2)),
    unit("farad", "Farad (F)", Si("F", 0)),
    unit("µfarad", "Microfarad (µF)", Si("F", -2)),
    unit("nfarad", "Nanofarad (nF)", Si("F", -3)),
    unit("pfarad", "Picofarad (pF)", Si("F", -4)),
    unit("ffarad", "Femtofarad (fF)", Si("F", -5)),
    unit("henry", "Henry (H)", Si("H", 0)),
    unit("mhenry", "Millihenry (mH)", Si("H", -1)),
    unit("µhenry", "Microhenry (µH)", Si("H", -2)),
    unit("lumens", "Lumens (Lm)", Si("Lm", 0)),
];
const FLOW: &[UnitDef] = &[
    unit("flowgpm", "Gallons/min (gpm)", Suffix("gpm")),
    unit("flowcms", "Cubic meters/sec (cms)", Suffix("cms")),
    unit("flowcfs", "Cubic feet/sec (cfs)", Suffix("cfs")),
    unit("flowcfm", "Cubic feet/min (cfm)", Suffix("cfm")),
    unit("litreh", "Litre/hour", Suffix("L/h")),
    unit("flowlpm", "Litre/min (L/min)", Suffix("L/min")),
    unit("flowmlpm", "milliLitre/min (mL/min)", Suffix("mL/min")),
    unit("lux", "Lux (lx)", Suffix("lux")),
];
const FORCE: &[UnitDef] = &[
    unit("forceNm", "Newton-meters (Nm)", Si("Nm", 0)),
    unit("forcekNm", "Kilonewton-meters (kNm)", Si("Nm", 1)),
    unit("forceN", "Newtons (N)", Si("N", 0)),
    unit("forcekN", "Kilonewtons (kN)", Si("N", 1)),
];
const HASH_RATE: &[UnitDef] = &[
    unit("Hs", "hashes/sec", Si("H/s", 0)),
    unit("KHs", "kilohashes/sec", Si("H/s", 1)),
    unit("MHs", "megahashes/sec", Si("H/s", 2)),
    unit("GHs", "gigahashes/sec", Si("H/s", 3)),
    unit("THs", "terahashes/sec", Si("H/s", 4)),
    unit("PHs", "petahashes/sec", Si("H/s", 5)),
    unit("EHs", "exahashes/sec", Si("H/s", 6)),
];
const MASS: &[UnitDef] = &[
    unit("massmg", "milligram (mg)", Si("g", -1)),
    unit("massg", "gram (g)", Si("g", 0)),
    unit("masslb", "pound (lb)", Suffix("lb")),
    unit("masskg", "kilogram (kg)", Si("g", 1)),
    unit("masst", "metric ton (t)", Suffix("t")),
];
const LENGTH: &[UnitDef] = &[
    unit("lengthmm", "millimeter (mm)", Si("m", -1)),
    unit("lengthcm", "centimeter (cm)", Suffix("cm")),
    unit("lengthin", "inch (in)", Suffix("in")),
    unit("lengthft", "feet (ft)", Suffix("ft")),
    unit("lengthm", "meter (m)", Si("m", 0)),
    unit("lengthkm", "kilometer (km)", Si("m", 1)),
    unit("lengthmi", "mile (mi)", Suffix("mi")),
];
const PRESSURE: &[UnitDef] = &[
    unit("pressurembar", "Millibars", Si("bar", -1)),
    unit("pressurebar", "Bars", Si("bar", 0)),
    unit("pressurekbar", "Kilobars", Si("bar", 1)),
    unit("pressurepa", "Pascals", Si("Pa", 0)),
    unit("pressurehpa", "Hectopascals", Suffix("hPa")),
    unit("pressurekpa", "Kilopascals", Suffix("kPa")),
    unit("pressurehg", "Inches of mercury", Suffix("\"Hg")),
    unit(
        "pressurepsi",
        "PSI",
        Ladder(1000.0, &["psi", "ksi", "Mpsi"]),
    ),
];
const RADIATION: &[UnitDef] = &[
    unit("radbq", "Becquerel (Bq)", Si("Bq", 0)),
    unit("radci", "curie (Ci)", Si("Ci", 0)),
    unit("radgy", "Gray (Gy)", Si("Gy", 0)),
    unit("radrad", "rad", Si("rad", 0)),
    unit("radsv", "Sievert (Sv)", Si("Sv", 0)),
    unit("radmsv", "milliSievert (mSv)", Si("Sv", -1)),
    unit("radusv", "microSievert (µSv)", Si("Sv", -2)),
    unit("radrem", "rem", Si("rem", 0)),
    unit("radexpckg", "Exposure (C/kg)", Si("C/kg", 0)),
    unit("radr", "roentgen (R)", Si("R", 0)),
    unit("radsvh", "Sievert/hour (Sv/h)", Si("Sv/h", 0)),
    unit("radmsvh", "milliSievert/hour (mSv/h)", Si("Sv/h", -1)),
    unit("radusvh", "microSievert/hour (µSv/h)", Si("Sv/h", -2)),
];
const ROTATIONAL_SPEED: &[UnitDef] = &[
    unit("rotrpm", "Revolutions per minute (rpm)", Suffix("rpm")),
    unit("rothz", "Hertz (Hz)", Si("Hz", 0)),
    unit("rotkhz", "Kilohertz (kHz)", Si("Hz", 1)),
    unit("rotmhz", "Megahertz (MHz)", Si("Hz", 2)),
    unit("rotghz", "Gigahertz (GHz)", Si("Hz", 3)),
    unit("rotrads", "Radians per second (rad/s)", Suffix("rad/s")),
    unit("rotdegs", "Degrees per second (°/s)", Suffix("°/s")),
];
const TEMPERATURE: &[UnitDef] = &[
    unit("celsius", "Celsius (°C)", Suffix("°C")),
    unit("fahrenheit", "Fahrenheit (°F)", Suffix("°F")),
    unit("kelvin", "Kelvin (K)", Suffix("K")),
];
const TIME: &[UnitDef] = &[
    unit("hertz", "Hertz (1/s)", Si("Hz", 0)),
    unit("ns", "nanoseconds (ns)", Time(TimeUnit::Nanoseconds)),
    unit("µs", "microseconds (µs)", Time(TimeUnit::Microseconds)),
    unit("ms", "milliseconds (ms)", Time(TimeUnit::Milliseconds)),
    unit("s", "seconds (s)", Time(TimeUnit::Seconds)),
    unit("m", "minutes (m)", Time(TimeUnit::Minutes)),
    unit("h", "hours (h)", Time(TimeUnit::Hours)),
    unit("d", "days (d)", Time(TimeUnit::Days)),
    unit("dtdurationms", "duration (ms)", Duration(MILLISECOND)),
    unit("dtdurations", "duration (s)", Duration(SECOND)),
    unit("dthms", "duration (hh:mm:ss)", Hms),
    unit("dtdhms", "duration (d hh:mm:ss)", Dhms),
    unit("timeticks", "Timeticks (s/100)", Timeticks),
    unit("clockms", "clock (ms)", ClockMs),
    unit("clocks", "clock (s)", ClockS),
];
const THROUGHPUT: &[UnitDef] = &[
    unit("cps", "counts/sec (cps)", Count("c/s")),
    unit("ops", "ops/sec (ops)", Count("ops/s")),
    unit("reqps", "requests/sec (rps)", Count("req/s")),
    unit("rps", "reads/sec (rps)", Count("rd/s")),
    unit("wps", "writes/sec (wps)", Count("wr/s")),
    unit("iops", "I/O ops/sec (iops)", Count("io/s")),
    unit("eps", "events/sec (eps)", Count("evt/s")),
    unit("mps", "messages/sec (mps)", Count("msg/s")),
    unit("recps", "records/sec (rps)", Count("rec/s")),
    unit("rowsps", "rows/sec (rps)", Count("rows/s")),
    unit("cpm", "counts/min (cpm)", Count("c/m")),
    unit("opm", "ops/min (opm)", Count("ops/m")),
    unit("reqpm", "requests/min (rpm)", Count("req/m")),
    unit("rpm", "reads/min (rpm)", Count("rd/m")),
    unit("wpm", "writes/min (wpm)", Count("wr/m")),
    unit("epm", "events/min (epm)", Count("evts/m")),
    unit("mpm", "messages/min (mpm)", Count("msgs/m")),
    unit("recpm", "records/min (rpm)", Count("rec/m")),
    unit("rowspm", "rows/min (rpm)", Count("rows/m")),
];
const VELOCITY: &[UnitDef] = &[
    unit("velocityms", "meters/second (m/s)", Suffix("m/s")),
    unit("velocitykmh", "kilometers/hour (km/h)", Suffix("km/h")),
    unit("velocitymph", "miles/hour (mph)", Suffix("mph")),
    unit("velocityknot", "knot (kn)", Suffix("kn")),
];
const VOLUME: &[UnitDef] = &[
    unit("mlitre", "millilitre (mL)", Si("L", -1)),
    unit("litre", "litre (L)", Si("L", 0)),
    unit("m3", "cubic meter", Suffix("m³")),
    unit("Nm3", "Normal cubic meter", Suffix("Nm³")),
    unit("dm3", "cubic decimeter", Suffix("dm³")),
    unit("gallons", "gallons", Suffix("gal")),
];
const BOOLEAN: &[UnitDef] = &[
    unit("bool", "True / False", Bool("True", "False")),
    unit("bool_yes_no", "Yes / No", Bool("Yes", "No")),
    unit("bool_on_off", "On / Off", Bool("On", "Off")),
];

/// The catalogue entry for an id, with its category name; `farenheit` is Grafana's alias.
pub(crate) fn lookup(id: &str) -> Option<(&'static str, &'static UnitDef)> {
    let id = if id == "farenheit" { "fahrenheit" } else { id };
    CATEGORIES.iter().find_map(|(category, units)| {
        units
            .iter()
            .find(|unit| unit.id == id)
            .map(|unit| (*category, unit))
    })
}

/// Grafana's `getOffsetFromSIPrefix`: where an SI prefix sits relative to the base unit;
/// both micro signs (U+00B5 and U+03BC) are accepted.
fn si_prefix_offset(prefix: char) -> i32 {
    match prefix {
        'f' => -5,
        'p' => -4,
        'n' => -3,
        'µ' | 'μ' => -2,
        'm' => -1,
        'k' => 1,
        'M' => 2,
        'G' => 3,
        'T' => 4,
        'P' => 5,
        'E' => 6,
        'Z' => 7,
        'Y' => 8,
        _ => 0,
    }
}

/// How Grafana's `getValueFormat` reads an id: the catalogue first, then `key:rest` custom
/// forms, then any other text as a suffix after a space (`toFixedUnit(id)`).
pub(crate) fn kind_of(id: &str) -> Kind<'_> {
    if id.is_empty() {
        return Suffix("");
    }
    if let Some((_, def)) = lookup(id) {
        return def.kind;
    }
    let Some((key, rest)) = id.split_once(':').filter(|(key, _)| !key.is_empty()) else {
        return Suffix(id);
    };
    match key {
        "prefix" => Prefix(rest),
        "suffix" => Suffix(rest),
        "time" => DateTime(rest, None),
        "si" => {
            let offset = rest.chars().next().map_or(0, si_prefix_offset);
            let base = if offset == 0 {
                rest
            } else {
                // The prefix letter is one char but may be two bytes (µ).
                let first = rest.chars().next().map_or(0, char::len_utf8);
                &rest[first..]
            };
            Si(base, offset)
        }
        "count" => Count(rest),
        "currency" => match rest.split(':').collect::<Vec<_>>().as_slice() {
            // currency:financial:$ and currency:financial:€:suffix print the whole number.
            ["financial", symbol, tail @ ..] if !symbol.is_empty() => {
                FullCurrency(symbol, tail.first() == Some(&"suffix"))
            }
            ["financial", ..] => Suffix(""),
            _ => Currency(rest, false),
        },
        "bool" => match rest.split_once('/') {
            Some((yes, no)) => Bool(yes, no),
            None => Bool(rest, "-"),
        },
        _ => Suffix(id),
    }
}
