// Three-letter codes of ICAO Doc 9303 part 3: ISO 3166-1 alpha-3 states, Germany's
// 'D', and ICAO's special codes (stateless persons, refugees, organisations).
#include <algorithm>
#include <cstring>
#include <iterator>

#include "docintake/mrz.h"

namespace docintake {
namespace {

struct Entry {
    const char* code;
    const char* name;
};

// ICAO special codes, named as Doc 9303 part 3 names them.
const Entry kSpecial[] = {
    {"EUE", "European Union"},
    {"GBD", "British Overseas Territories Citizen"},
    {"GBN", "British National (Overseas)"},
    {"GBO", "British Overseas Citizen"},
    {"GBP", "British Protected Person"},
    {"GBS", "British Subject"},
    {"RKS", "Kosovo"},
    {"UNA", "Specialized agency of the United Nations"},
    {"UNK", "Resident of Kosovo (UNMIK)"},
    {"UNO", "United Nations Organization"},
    {"XBA", "African Development Bank"},
    {"XCC", "Caribbean Community"},
    {"XCE", "Council of Europe"},
    {"XCO", "Common Market for Eastern and Southern Africa"},
    {"XDC", "Southern African Development Community"},
    {"XEC", "Economic Community of West African States"},
    {"XES", "Organisation of Eastern Caribbean States"},
    {"XIM", "African Export-Import Bank"},
    {"XMP", "Parliamentary Assembly of the Mediterranean"},
    {"XOM", "Sovereign Military Order of Malta"},
    {"XPO", "International Criminal Police Organization (INTERPOL)"},
    {"XXA", "Stateless person"},
    {"XXB", "Refugee (1951 Convention)"},
    {"XXC", "Refugee (other than 1951 Convention)"},
    {"XXX", "Unspecified nationality"},
};

// ISO 3166-1 alpha-3, sorted by code.
const Entry kStates[] = {
    {"ABW", "Aruba"}, {"AFG", "Afghanistan"}, {"AGO", "Angola"}, {"AIA", "Anguilla"},
    {"ALA", "Aland Islands"}, {"ALB", "Albania"}, {"AND", "Andorra"}, {"ARE", "United Arab Emirates"},
    {"ARG", "Argentina"}, {"ARM", "Armenia"}, {"ASM", "American Samoa"}, {"ATA", "Antarctica"},
    {"ATF", "French Southern Territories"}, {"ATG", "Antigua and Barbuda"}, {"AUS", "Australia"},
    {"AUT", "Austria"}, {"AZE", "Azerbaijan"}, {"BDI", "Burundi"}, {"BEL", "Belgium"}, {"BEN", "Benin"},
    {"BES", "Bonaire, Sint Eustatius and Saba"}, {"BFA", "Burkina Faso"}, {"BGD", "Bangladesh"},
    {"BGR", "Bulgaria"}, {"BHR", "Bahrain"}, {"BHS", "Bahamas"}, {"BIH", "Bosnia and Herzegovina"},
    {"BLM", "Saint Barthelemy"}, {"BLR", "Belarus"}, {"BLZ", "Belize"}, {"BMU", "Bermuda"},
    {"BOL", "Bolivia"}, {"BRA", "Brazil"}, {"BRB", "Barbados"}, {"BRN", "Brunei Darussalam"},
    {"BTN", "Bhutan"}, {"BVT", "Bouvet Island"}, {"BWA", "Botswana"}, {"CAF", "Central African Republic"},
    {"CAN", "Canada"}, {"CCK", "Cocos (Keeling) Islands"}, {"CHE", "Switzerland"}, {"CHL", "Chile"},
    {"CHN", "China"}, {"CIV", "Cote d'Ivoire"}, {"CMR", "Cameroon"}, {"COD", "Congo, Democratic Republic of the"},
    {"COG", "Congo"}, {"COK", "Cook Islands"}, {"COL", "Colombia"}, {"COM", "Comoros"},
    {"CPV", "Cabo Verde"}, {"CRI", "Costa Rica"}, {"CUB", "Cuba"}, {"CUW", "Curacao"},
    {"CXR", "Christmas Island"}, {"CYM", "Cayman Islands"}, {"CYP", "Cyprus"}, {"CZE", "Czechia"},
    {"DEU", "Germany"}, {"DJI", "Djibouti"}, {"DMA", "Dominica"}, {"DNK", "Denmark"},
    {"DOM", "Dominican Republic"}, {"DZA", "Algeria"}, {"ECU", "Ecuador"}, {"EGY", "Egypt"},
    {"ERI", "Eritrea"}, {"ESH", "Western Sahara"}, {"ESP", "Spain"}, {"EST", "Estonia"},
    {"ETH", "Ethiopia"}, {"FIN", "Finland"}, {"FJI", "Fiji"}, {"FLK", "Falkland Islands (Malvinas)"},
    {"FRA", "France"}, {"FRO", "Faroe Islands"}, {"FSM", "Micronesia (Federated States of)"},
    {"GAB", "Gabon"}, {"GBR", "United Kingdom"}, {"GEO", "Georgia"}, {"GGY", "Guernsey"},
    {"GHA", "Ghana"}, {"GIB", "Gibraltar"}, {"GIN", "Guinea"}, {"GLP", "Guadeloupe"}, {"GMB", "Gambia"},
    {"GNB", "Guinea-Bissau"}, {"GNQ", "Equatorial Guinea"}, {"GRC", "Greece"}, {"GRD", "Grenada"},
    {"GRL", "Greenland"}, {"GTM", "Guatemala"}, {"GUF", "French Guiana"}, {"GUM", "Guam"},
    {"GUY", "Guyana"}, {"HKG", "Hong Kong"}, {"HMD", "Heard Island and McDonald Islands"},
    {"HND", "Honduras"}, {"HRV", "Croatia"}, {"HTI", "Haiti"}, {"HUN", "Hungary"}, {"IDN", "Indonesia"},
    {"IMN", "Isle of Man"}, {"IND", "India"}, {"IOT", "British Indian Ocean Territory"}, {"IRL", "Ireland"},
    {"IRN", "Iran"}, {"IRQ", "Iraq"}, {"ISL", "Iceland"}, {"ISR", "Israel"}, {"ITA", "Italy"},
    {"JAM", "Jamaica"}, {"JEY", "Jersey"}, {"JOR", "Jordan"}, {"JPN", "Japan"}, {"KAZ", "Kazakhstan"},
    {"KEN", "Kenya"}, {"KGZ", "Kyrgyzstan"}, {"KHM", "Cambodia"}, {"KIR", "Kiribati"},
    {"KNA", "Saint Kitts and Nevis"}, {"KOR", "Korea, Republic of"}, {"KWT", "Kuwait"},
    {"LAO", "Lao People's Democratic Republic"}, {"LBN", "Lebanon"}, {"LBR", "Liberia"}, {"LBY", "Libya"},
    {"LCA", "Saint Lucia"}, {"LIE", "Liechtenstein"}, {"LKA", "Sri Lanka"}, {"LSO", "Lesotho"},
    {"LTU", "Lithuania"}, {"LUX", "Luxembourg"}, {"LVA", "Latvia"}, {"MAC", "Macao"},
    {"MAF", "Saint Martin (French part)"}, {"MAR", "Morocco"}, {"MCO", "Monaco"},
    {"MDA", "Moldova, Republic of"}, {"MDG", "Madagascar"}, {"MDV", "Maldives"}, {"MEX", "Mexico"},
    {"MHL", "Marshall Islands"}, {"MKD", "North Macedonia"}, {"MLI", "Mali"}, {"MLT", "Malta"},
    {"MMR", "Myanmar"}, {"MNE", "Montenegro"}, {"MNG", "Mongolia"}, {"MNP", "Northern Mariana Islands"},
    {"MOZ", "Mozambique"}, {"MRT", "Mauritania"}, {"MSR", "Montserrat"}, {"MTQ", "Martinique"},
    {"MUS", "Mauritius"}, {"MWI", "Malawi"}, {"MYS", "Malaysia"}, {"MYT", "Mayotte"}, {"NAM", "Namibia"},
    {"NCL", "New Caledonia"}, {"NER", "Niger"}, {"NFK", "Norfolk Island"}, {"NGA", "Nigeria"},
    {"NIC", "Nicaragua"}, {"NIU", "Niue"}, {"NLD", "Netherlands"}, {"NOR", "Norway"}, {"NPL", "Nepal"},
    {"NRU", "Nauru"}, {"NZL", "New Zealand"}, {"OMN", "Oman"}, {"PAK", "Pakistan"}, {"PAN", "Panama"},
    {"PCN", "Pitcairn"}, {"PER", "Peru"}, {"PHL", "Philippines"}, {"PLW", "Palau"},
    {"PNG", "Papua New Guinea"}, {"POL", "Poland"}, {"PRI", "Puerto Rico"},
    {"PRK", "Korea, Democratic People's Republic of"}, {"PRT", "Portugal"}, {"PRY", "Paraguay"},
    {"PSE", "Palestine, State of"}, {"PYF", "French Polynesia"}, {"QAT", "Qatar"}, {"REU", "Reunion"},
    {"ROU", "Romania"}, {"RUS", "Russian Federation"}, {"RWA", "Rwanda"}, {"SAU", "Saudi Arabia"},
    {"SDN", "Sudan"}, {"SEN", "Senegal"}, {"SGP", "Singapore"},
    {"SGS", "South Georgia and the South Sandwich Islands"}, {"SHN", "Saint Helena"},
    {"SJM", "Svalbard and Jan Mayen"}, {"SLB", "Solomon Islands"}, {"SLE", "Sierra Leone"},
    {"SLV", "El Salvador"}, {"SMR", "San Marino"}, {"SOM", "Somalia"}, {"SPM", "Saint Pierre and Miquelon"},
    {"SRB", "Serbia"}, {"SSD", "South Sudan"}, {"STP", "Sao Tome and Principe"}, {"SUR", "Suriname"},
    {"SVK", "Slovakia"}, {"SVN", "Slovenia"}, {"SWE", "Sweden"}, {"SWZ", "Eswatini"},
    {"SXM", "Sint Maarten (Dutch part)"}, {"SYC", "Seychelles"}, {"SYR", "Syrian Arab Republic"},
    {"TCA", "Turks and Caicos Islands"}, {"TCD", "Chad"}, {"TGO", "Togo"}, {"THA", "Thailand"},
    {"TJK", "Tajikistan"}, {"TKL", "Tokelau"}, {"TKM", "Turkmenistan"}, {"TLS", "Timor-Leste"},
    {"TON", "Tonga"}, {"TTO", "Trinidad and Tobago"}, {"TUN", "Tunisia"}, {"TUR", "Turkiye"},
    {"TUV", "Tuvalu"}, {"TWN", "Taiwan"}, {"TZA", "Tanzania, United Republic of"}, {"UGA", "Uganda"},
    {"UKR", "Ukraine"}, {"UMI", "United States Minor Outlying Islands"}, {"URY", "Uruguay"},
    {"USA", "United States of America"}, {"UZB", "Uzbekistan"}, {"VAT", "Holy See"},
    {"VCT", "Saint Vincent and the Grenadines"}, {"VEN", "Venezuela"}, {"VGB", "Virgin Islands (British)"},
    {"VIR", "Virgin Islands (U.S.)"}, {"VNM", "Viet Nam"}, {"VUT", "Vanuatu"}, {"WLF", "Wallis and Futuna"},
    {"WSM", "Samoa"}, {"YEM", "Yemen"}, {"ZAF", "South Africa"}, {"ZMB", "Zambia"}, {"ZWE", "Zimbabwe"},
};

const Entry* FindIn(const Entry* begin, const Entry* end, const std::string& code) {
    const Entry* it = std::lower_bound(begin, end, code, [](const Entry& e, const std::string& c) {
        return std::strcmp(e.code, c.c_str()) < 0;
    });
    return (it != end && code == it->code) ? it : nullptr;
}

}  // namespace

CountryCode LookupCountryCode(std::string_view raw) {
    CountryCode out;
    std::string code(raw);
    while (!code.empty() && code.back() == '<') code.pop_back();
    out.code = code;
    if (code == "D") {
        out.kind = CodeKind::State;
        out.name = "Germany";
    } else if (code == "UTO") {
        out.kind = CodeKind::Specimen;
        out.name = "Utopia (ICAO specimen)";
    } else if (const Entry* e = FindIn(std::begin(kSpecial), std::end(kSpecial), code)) {
        out.kind = CodeKind::Special;
        out.name = e->name;
    } else if (const Entry* s = FindIn(std::begin(kStates), std::end(kStates), code)) {
        out.kind = CodeKind::State;
        out.name = s->name;
    }
    return out;
}

}  // namespace docintake
