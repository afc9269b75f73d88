/// The federal subjects of Russia with their ISO 3166-2:RU codes (the 83 of 2013), which the contract's
/// `host_region` takes; the generator draws from them and tests write them as `reference/ru_regions.csv`.
public enum RussianRegions {
    public static let all: [(code: String, nameEn: String)] = [
        ("RU-AD", "Adygeya"), ("RU-AL", "Altai Republic"), ("RU-BA", "Bashkortostan"), ("RU-BU", "Buryatia"),
        ("RU-CE", "Chechnya"), ("RU-CU", "Chuvashia"), ("RU-DA", "Dagestan"), ("RU-IN", "Ingushetia"),
        ("RU-KB", "Kabardino-Balkaria"), ("RU-KL", "Kalmykia"), ("RU-KC", "Karachay-Cherkessia"), ("RU-KR", "Karelia"),
        ("RU-KK", "Khakassia"), ("RU-KO", "Komi"), ("RU-ME", "Mari El"), ("RU-MO", "Mordovia"),
        ("RU-SA", "Sakha (Yakutia)"), ("RU-SE", "North Ossetia-Alania"), ("RU-TA", "Tatarstan"), ("RU-TY", "Tuva"),
        ("RU-UD", "Udmurtia"), ("RU-ALT", "Altai Krai"), ("RU-KAM", "Kamchatka Krai"), ("RU-KHA", "Khabarovsk Krai"),
        ("RU-KDA", "Krasnodar Krai"), ("RU-KYA", "Krasnoyarsk Krai"), ("RU-PER", "Perm Krai"), ("RU-PRI", "Primorsky Krai"),
        ("RU-STA", "Stavropol Krai"), ("RU-ZAB", "Zabaykalsky Krai"), ("RU-AMU", "Amur Oblast"), ("RU-ARK", "Arkhangelsk Oblast"),
        ("RU-AST", "Astrakhan Oblast"), ("RU-BEL", "Belgorod Oblast"), ("RU-BRY", "Bryansk Oblast"), ("RU-CHE", "Chelyabinsk Oblast"),
        ("RU-IRK", "Irkutsk Oblast"), ("RU-IVA", "Ivanovo Oblast"), ("RU-KGD", "Kaliningrad Oblast"), ("RU-KLU", "Kaluga Oblast"),
        ("RU-KEM", "Kemerovo Oblast"), ("RU-KIR", "Kirov Oblast"), ("RU-KOS", "Kostroma Oblast"), ("RU-KGN", "Kurgan Oblast"),
        ("RU-KRS", "Kursk Oblast"), ("RU-LEN", "Leningrad Oblast"), ("RU-LIP", "Lipetsk Oblast"), ("RU-MAG", "Magadan Oblast"),
        ("RU-MOS", "Moscow Oblast"), ("RU-MUR", "Murmansk Oblast"), ("RU-NIZ", "Nizhny Novgorod Oblast"), ("RU-NGR", "Novgorod Oblast"),
        ("RU-NVS", "Novosibirsk Oblast"), ("RU-OMS", "Omsk Oblast"), ("RU-ORE", "Orenburg Oblast"), ("RU-ORL", "Oryol Oblast"),
        ("RU-PNZ", "Penza Oblast"), ("RU-PSK", "Pskov Oblast"), ("RU-ROS", "Rostov Oblast"), ("RU-RYA", "Ryazan Oblast"),
        ("RU-SAK", "Sakhalin Oblast"), ("RU-SAM", "Samara Oblast"), ("RU-SAR", "Saratov Oblast"), ("RU-SMO", "Smolensk Oblast"),
        ("RU-SVE", "Sverdlovsk Oblast"), ("RU-TAM", "Tambov Oblast"), ("RU-TOM", "Tomsk Oblast"), ("RU-TUL", "Tula Oblast"),
        ("RU-TVE", "Tver Oblast"), ("RU-TYU", "Tyumen Oblast"), ("RU-ULY", "Ulyanovsk Oblast"), ("RU-VLA", "Vladimir Oblast"),
        ("RU-VGG", "Volgograd Oblast"), ("RU-VLG", "Vologda Oblast"), ("RU-VOR", "Voronezh Oblast"), ("RU-YAR", "Yaroslavl Oblast"),
        ("RU-MOW", "Moscow"), ("RU-SPE", "Saint Petersburg"), ("RU-YEV", "Jewish Autonomous Oblast"), ("RU-CHU", "Chukotka"),
        ("RU-KHM", "Khanty-Mansi"), ("RU-NEN", "Nenets"), ("RU-YAN", "Yamalo-Nenets"),
    ]
}
