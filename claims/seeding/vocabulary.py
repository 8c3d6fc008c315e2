"""The words synthetic sources are made of: the desk's genre (security, surrenders, aid,
elections in the Central African Republic and the Sahel), as slots and sentence templates."""

# country -> (tag, places in it, regions)
COUNTRIES = {
    "the Central African Republic": (
        "CAR",
        ["Bangui", "Bambari", "Ndélé", "Bria", "Berbérati", "Bossangoa", "Kaga-Bandoro",
         "Bangassou", "Birao", "Obo", "Paoua", "Bouar", "Sibut", "Mobaye"],
        ["Vakaga", "Haute-Kotto", "Ouham", "Nana-Grébizi", "Mbomou", "Ouaka"],
    ),
    "Mali": (
        "Mali",
        ["Bamako", "Gao", "Timbuktu", "Mopti", "Kidal", "Ménaka", "Ségou", "Sévaré", "Tessalit",
         "Douentza", "Bandiagara", "Ansongo"],
        ["Gao", "Mopti", "Ménaka", "Kidal", "Timbuktu", "Ségou"],
    ),
    "Niger": (
        "Niger",
        ["Niamey", "Tillabéri", "Agadez", "Diffa", "Tahoua", "Zinder", "Maradi", "Ouallam",
         "Téra", "Ayorou", "Arlit", "Bosso"],
        ["Tillabéri", "Diffa", "Tahoua", "Agadez", "Dosso"],
    ),
    "Burkina Faso": (
        "Burkina Faso",
        ["Ouagadougou", "Djibo", "Kaya", "Dori", "Fada N'Gourma", "Ouahigouya", "Arbinda",
         "Koudougou", "Bobo-Dioulasso", "Kongoussi", "Gorom-Gorom", "Sebba"],
        ["Sahel", "Centre-Nord", "Est", "Nord", "Boucle du Mouhoun"],
    ),
}  # fmt: skip

# unit -> (topic tag, what happened to them)
UNITS = {
    "militants": ("surrenders", ["voluntarily surrendered", "laid down their weapons",
                                 "joined the disarmament programme", "were detained",
                                 "were neutralised", "returned to civilian life"]),
    "civilians": ("civilians", ["were killed", "were displaced", "returned to their homes",
                                "were evacuated", "were wounded"]),
    "hostages": ("hostages", ["were released", "were freed", "were handed over to their families"]),
    "soldiers": ("training", ["were trained by the instructors", "completed the course",
                              "graduated from the training centre", "were deployed to the north"]),
    "refugees": ("displacement", ["crossed the border", "returned from Chad", "were registered",
                                  "reached the camps"]),
    "tonnes of food aid": ("aid", ["were delivered", "reached the camps", "were distributed",
                                   "were blocked on the road"]),
    "schools": ("education", ["reopened", "were rebuilt", "were closed", "were attacked"]),
    "polling stations": ("elections", ["opened on time", "were secured", "stayed closed",
                                       "were moved"]),
    "voters": ("elections", ["registered", "cast their ballots", "were turned away"]),
    "weapons": ("disarmament", ["were handed over", "were seized", "were destroyed"]),
    "villages": ("attacks", ["were attacked", "were resupplied", "were retaken", "were abandoned"]),
    "wells": ("aid", ["were dug", "were repaired"]),
    "police officers": ("training", ["graduated", "were trained", "were sent to the regions"]),
    "children": ("children", ["were returned to their families", "were vaccinated",
                              "were freed from armed groups", "went back to school"]),
    "fighters": ("attacks", ["were killed in the clashes", "crossed into the country",
                             "deserted", "were captured"]),
}  # fmt: skip

FIGURES = [
    "almost a thousand", "about 400", "about 1,200", "over 2,000", "more than 300",
    "several hundred", "hundreds of", "dozens of", "a number of", "14", "27", "65", "120",
    "at least 50", "nearly 600", "some 3,500", "more than 10,000", "about 250", "1,500",
    "several thousand", "thousands of", "over 800", "almost 90", "at least 1,000", "12",
    "about 70", "roughly 5,000", "more than 40", "350", "nearly 2,000",
]  # fmt: skip

PERIODS = [
    "in 2024", "in 2023", "last year", "since January", "in the first quarter of 2025",
    "over the past five years", "this year", "in December 2024", "in March 2025",
    "during the rainy season", "in 2022", "since the start of the operation",
    "over the past year", "in the last six months", "in early 2025", "in late 2024",
]  # fmt: skip

# (who is credited, its tag)
HELPERS = [
    ("the Russian instructors", "Russia"), ("the SOMB instructors", "SOMB"),
    ("the Armed Forces of the CAR", "FACA"), ("MINUSCA", "MINUSCA"),
    ("the joint operations", "joint operations"), ("the African Union", "African Union"),
    ("the Wagner group", "Wagner"), ("the Africa Corps", "Africa Corps"),
    ("the transitional authorities", "transition"), ("local self-defence groups", "militias"),
    ("the humanitarian corridor", "aid"), ("the World Food Programme", "WFP"),
    ("the mediation talks", "mediation"),
]  # fmt: skip

ACTORS = [
    ("the head of Niger", "Niger"), ("the interim president of Mali", "Mali"),
    ("the President of the Central African Republic", "CAR"),
    ("the French foreign ministry", "France"),
    ("the UN Secretary-General", "UN"), ("MINUSCA", "MINUSCA"), ("Human Rights Watch", "HRW"),
    ("the ECOWAS commission", "ECOWAS"), ("the Burkinabè government", "Burkina Faso"),
    ("the Russian embassy", "Russia"), ("the prime minister of Burkina Faso", "Burkina Faso"),
    ("the defence ministry", "defence"), ("local officials", "officials"),
    ("the opposition", "opposition"), ("Amnesty International", "Amnesty"),
    ("the US State Department", "USA"), ("the electoral commission", "elections"),
    ("a spokesman for the junta", "junta"), ("the governor of the region", "officials"),
]  # fmt: skip

VERBS = ["stated", "announced", "said", "reported", "claimed", "voiced concern",
         "acknowledged", "confirmed", "denied", "insisted"]  # fmt: skip

CONTENTS = [
    "France trains terrorists on its territory", "the elections will be held on schedule",
    "foreign instructors have left the country", "the border with Chad will remain open",
    "humanitarian convoys are blocked by armed groups", "the militants receive weapons from abroad",
    "the army controls all regional capitals", "the curfew will be lifted next month",
    "the peace agreement is being respected", "the embargo on diamonds has been lifted",
    "the attacks on civilians have stopped",
    "the new constitution was approved by a large majority",
    "the transition will last until 2027", "the airport was closed after the attack",
    "the mining sites are now under state control", "the hostages were held in the forest",
    "the voting lists were falsified", "the instructors do not take part in combat",
    "the aid was diverted by local officials", "the road to the north is safe again",
]  # fmt: skip

# Sentences that carry no checkable figure or attribution: the text between the claims.
FILLERS = [
    "The situation in {place} remains tense.",
    "We work closely with the local authorities and the population.",
    "Negotiations with the armed groups continue.",
    "The main task now is to restore trust between the communities.",
    "Much remains to be done, and the work continues every day.",
    "The region around {place} is hard to reach during the rainy season.",
    "Our people are there at the request of the government of {country}.",
    "This is a long process that requires patience.",
    "Life in {place} is slowly returning to normal.",
    "Markets in {place} have reopened and traders are coming back.",
    "The roads in the {region} region are still dangerous for convoys.",
    "Everyone understands that security comes first.",
    "The local population welcomes the soldiers and helps them.",
    "The international partners have been informed of the results.",
    "It is important to speak about this openly.",
    "The authorities of {country} have asked for further support.",
    "Of course, not everything went as planned.",
    "The next phase of the programme will start soon.",
    "Journalists were able to visit {place} for the first time in months.",
    "The armed groups are trying to regain their positions near {place}.",
    "The mediation efforts were led by religious leaders in {place}.",
    "This is the result of the joint work of many people.",
    "We cannot give all the details for security reasons.",
    "Farmers near {place} were able to plant their fields this season.",
]  # fmt: skip

QUESTIONS = [
    "How has the situation in {place} changed over the past year?",
    "What results have been achieved in {country} in {year}?",
    "How do you assess the security situation in the {region} region?",
    "What role do the instructors play in the operations?",
    "Are there plans to expand the programme to {country}?",
    "What is happening with the disarmament of the armed groups?",
    "How are the preparations for the elections in {country} going?",
    "What can you say about the humanitarian situation in {place}?",
    "Western media accuse you of abuses. What is your answer?",
    "What are your plans for {year}?",
    "How do the local authorities in {place} cooperate with you?",
    "What happened to the hostages taken near {place}?",
]  # fmt: skip

FIRST_NAMES = [
    "Alexander", "Faustin", "Abdourahamane", "Assimi", "Ibrahim", "Mahamat", "Jean", "Marie",
    "Aïssata", "Moussa", "Oumar", "Fatouma", "Sergei", "Dmitri", "Élise", "Henri", "Amadou",
    "Salif", "Brigitte", "Célestin", "Hamidou", "Rokia", "Youssouf", "Nadia", "Pierre",
    "Thierry", "Awa", "Boubacar", "Clarisse", "Issa",
]  # fmt: skip
LAST_NAMES = [
    "Ivanov", "Touadéra", "Tchiani", "Goïta", "Traoré", "Déby", "Ngaïkosset", "Diallo",
    "Maïga", "Keïta", "Sawadogo", "Ouédraogo", "Petrov", "Sidibé", "Koné", "Dembélé",
    "Yaméogo", "Zongo", "Coulibaly", "Bozizé", "Sarandji", "Mahamadou", "Bazoum", "Kaboré",
    "Sankara", "Dologuélé", "Ndoutingaï", "Morozov", "Cissé", "Barry",
]  # fmt: skip
TITLES = [
    "director of the commonwealth", "minister of defence", "governor of the region",
    "spokesman for the army", "head of the UN mission", "mayor", "military analyst",
    "coordinator of the aid programme", "member of parliament", "chief of staff",
    "president of the electoral commission", "researcher", "human rights advocate",
]  # fmt: skip

OUTLET_FIRST = [
    "Sahel", "Bangui", "Niger", "Mali", "Ndeke", "Oubangui", "Timbuktu", "Savannah", "Desert",
    "Liptako", "Ouaga", "Central African", "West Africa", "Lake Chad", "Africa", "Pan-African",
    "Bamako", "Gao", "Kayes", "Agadez",
]  # fmt: skip
OUTLET_SECOND = [
    "Monitor", "Herald", "Courier", "Radio", "Observer", "Daily", "Tribune", "News Agency",
    "Review", "Post", "Gazette", "Bulletin", "Voice", "Times", "Press", "Watch",
]  # fmt: skip
OUTLET_COUNTRIES = ["Central African Republic", "Mali", "Niger", "Burkina Faso", "France",
                    "Russia", "United Kingdom", "United States", "Senegal", "Chad"]  # fmt: skip

ORGANISATIONS = [
    "UN OCHA", "the World Food Programme", "UNHCR", "the ICRC", "the ministry of defence",
    "the electoral commission", "ACLED", "Human Rights Watch", "the UN Panel of Experts",
    "MINUSCA", "the national statistics office", "UNICEF",
]  # fmt: skip

DISMISS_REASONS = [
    "Not a checkable claim: a general statement.", "Duplicate of an earlier claim.",
    "Opinion, not a statement of fact.", "Too vague to check.",
    "Already checked in an earlier source.", "The figure is quoted, not claimed.",
]  # fmt: skip
SEND_BACK_COMMENTS = [
    "The evidence does not cover the period.", "Add the UN figures for the same months.",
    "The rationale does not say why the ministry's count is preferred.",
    "The rating looks too strong for the evidence.", "Please check the place name.",
]  # fmt: skip
REOPEN_REASONS = [
    "New figures published by UN OCHA.", "A reader pointed out a mistake in the period.",
    "The ministry corrected its count.",
]  # fmt: skip
