"""Vocabulary constants: every IRI the code uses is spelled here once."""

KG = "https://example.org/kg/ontology#"
KGC = "https://example.org/kg/concept/"
KGR = "https://example.org/kg/id/"
KGG = "https://example.org/kg/graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "kg": KG,
    "kgc": KGC,
    "kgr": KGR,
    "kgg": KGG,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
}

# The classes extraction produces, by their local names in the ontology.
ENTITY_CLASSES = (
    "State", "Agency", "Official", "Person", "Place",
    "Incident", "Note", "CommunicativeAct", "Meeting", "Law", "Claim",
)
ACTOR_CLASSES = ("State", "Agency", "Official", "Person")
