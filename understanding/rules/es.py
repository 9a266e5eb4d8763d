"""Spanish crisis rules (read by understanding/alarms.py; the format is in understanding/rules/__init__.py).

The patterns are written as Spanish sounds (b for v, s for z and soft c, y for ll, no silent h):
messages are read the same way, so "se desmallo" meets "se desmayo".
"""

BY_SOUND = True

MACROS = {
    "poss": r"(?:mi|su|tu|la)",
    "gap": r"(?:\w+ ){0,3}",
    # a lo que el cáncer deja de responder: no es la persona la que no responde (rules/en.py)
    # (each form spelt out: the typo fixer takes the rules' words as they are written here)
    "treatment": r"(?:hormonas|tratamiento|tratamientos|quimio\w*|medicina|medicinas|medicamento|medicamentos"
    r"|terapia|inmunoterapia|radiacion|radioterapia)",
    "means": r"(?:pastillas?|pildoras?|medicinas?|medicamentos?|tabletas?|capsulas?|morfina|fentanilo|oxicodona|oxycodona|tramadol"
    r"|oxycontin|oxicontin|oxynorm|oxinorm|hidrocodona|hidromorfona|metadona|codeina|clonasepam|alprasolam|lorasepam|diasepam"
    r"|paracetamol|tylenol|ibuprofeno|aspirinas?|calmantes?|analgesicos?|somniferos?|pastillas para dormir|parches"
    r"|insulina|pillemoji)",
    "excess": r"(?:todas|todos|todo el|toda la|muchas|muchos|demasiad[ao]s?|un frasco|el frasco|frasco entero|un monton de|un punado de"
    r"|muchisimas|[1-9]\d+|[5-9]|\d{3,} ?mg)",
    # A count of pills beyond one more ("otras cuatro", "3 mas"): "10mg" is a dose, not a count.
    "count": r"(?:[3-9]|[1-9]\d+|tres|cuatro|sinco|seis|siete|ocho|nuebe|dies|doce|beinte|un punado de|un monton de|barias)",
    "took": r"(?:me tome|se tomo|te tomaste|me trague|se trago|se comio|me comi|ingirio|ingeri|se bebio|me bebi|tomo demasiad\w*)",
    # things given away "mientras todavia puedo ver q las disfrutan": a gift in life (session 36)
    "not_while": r"(?!.*mientras (?:todabia |aun )?(?:puedo|pueda|puede|este|estoy))",
    "poison": r"(?:cloro|lejia|blanqueador|veneno|veneno para ratas|raticida|anticongelante|insecticida|gasolina|destapacanos)",
}
RULES = [
    # self-harm
    (
        ("self_harm",),
        r"suisid\w*|matarme|matarse|me (?:voy|boy|quiero) a? ?matar|se (?:va|ba|quiere) a? ?matar|te (?:vas|bas|quieres) a? ?matar|quitarme la vida|quitarse la vida|me quit(?:o|aba|are|aria|e) la vida",
    ),
    (
        ("self_harm",),
        r"(?:acabar|terminar) con (?:mi|su) vida|(?:acabar|terminar) con todo|hacerme dano|hacerse dano|lastimarme|lastimarse",
    ),
    (("self_harm",), r"(?:me|se) (?:quiero|quiere|voy|va) a? ?(?:hacer dano|lastimar|suicidar|cortar las venas)"),
    (
        ("self_harm",),
        r"cortarme(?! el pelo| el cabello| las unas)|cortarse las benas|aorcarme|aorcarse|colgarme (?:del|de una|de un|con)|pegarme un tiro|dispararme|tirarme (?:del|de un|de la|al|a las)",
    ),
    (
        ("self_harm",),
        r"~(?:me |se )?(?:quiero|quiere|quieren|queria|quisiera|deseo|desea) (?:morir|morirme|morirse)"
        # dónde morir, dicho de cuando llegue el momento ("quiero morirme en mi casa"): un plan de
        # cuidado, salvo que sea hoy, ahora o esta noche (sesión 35)
        r"(?! en (?:mi|su|la|nuestra) (?:casa|cama)(?!.*\b(?:hoy|ahora|esta noche)\b))"
        # ...ni un dicho: morirse de vergüenza, de pena, de risa (sesión 36)
        r"(?! de (?:la )?(?:berguensa|pena|risa|ambre|ganas|sueno|frio|calor|aburrimiento|cansansio)\b)"
        r"|ganas de morir\w*|me quiero ir de este mundo",
    ),
    (
        ("self_harm",),
        r"(?:ya )?no (?:quiero|quiere|quieren|deseo) (?:vivir|seguir(?! (?:con|el|la|los|las|en) )|seguir bibiendo|estar aqui|estar bib[oa]|despertar)",
    ),
    (
        ("self_harm",),
        r"no bale la pena (?:bibir|seguir)|(?:para|pa) que (?:seguir|bibir)|no (?:le )?(?:beo|tiene|encuentro) sentido (?:a )?(?:la bida|bibir|seguir)",
    ),
    (
        ("self_harm",),
        r"sin (?:ganas|rason) de bibir|no tengo (?:rason|rasones|motibo|motibos) para bibir|mejor muert[oa]",
    ),
    (("self_harm",), r"(?:estaria|estarian|estan|estarían) mejor sin mi|nadie me (?:extranaria|ba a extranar)"),
    (
        ("self_harm",),
        r"(?:soy|me siento|ser) una carga|(?:soy|me siento|ser) (?:nomas |solo |nada mas que |mas que )?(?:un estorbo|una molestia)",
    ),
    (
        ("self_harm",),
        r"?ya no (?:aguanto|soporto)(?! (?:el|la|los|las|este|esta|tanto|a) )|ya no (?:puedo mas(?! con (?:mi|la|el|los|las) (?!bida|dolor|enfermedad|cancer)\w+)|puedo con esto|puedo seguir)|no aguanto mas(?! (?:el|la|los|las|este|esta) )",
    ),
    (
        ("self_harm",),
        r"dormir(?:me)? y no despertar|no despertar (?:mas|nunca)|ojala no despierte|ojala (?:estubiera muert[oa]|me muriera)|quiero desapareser"
        # dicho de uno mismo ("si me durmiera y no despertara"), no una muerte contada ("se durmio y no desperto")
        r"|(?:me durmiera|me duerma|me dormiera) y (?:ya )?no (?:despertara|despierte|bolbiera a despertar)(?! (?:de|despues de) la (?:sirugia|operasion|anestesia))"
        r"|(?:estarian|estaria|estarán|seria|descansaria|descansarian) (?:mejor )?si (?:yo )?(?:ya )?(?:no (?:estubiera|existiera|despertara)|me muriera|me muero|desaparesiera)"
        # una prueba a ciegas más (sesión 34): formas buscadas, un choque pensado, veneno guardado
        r"|(?:buscando|busque|buscado) (?:\w+ ){0,2}(?:formas|maneras) (?:de morir|de aserlo|en internet)"
        r"|(?:pienso en|pensando en|quiero|ganas de|boy a) estreyarme|guardad[oa] (?:\w+ ){0,2}veneno (?:\w+ ){0,3}por si acaso",
    ),
    (
        ("self_harm",),
        r"dejar de existir|no quiero existir|cansad[oa] de (?:vivir|la vida)|(?:me quiero|quiero) ir(?:me)? con dios",
    ),
    (("self_harm",), r"pistola|arma de fuego|escopeta|rifle"),
    # el deseo de que la vida se acabe, sin la palabra ("?": callado junto a la quimio o el cuidado)
    (
        ("self_harm",),
        r"(?:deseo|desearia|quiero|quisiera|ojala|pido a dios|le pido a dios|espero) (?:que )?(?:ya )?(?:esta|mi) bida (?:ya )?se (?:acabe|termine)",
    ),
    (
        ("self_harm",),
        r"?(?:ya )?(?:nomas|solo|nada mas) quiero que (?:ya )?(?:todo )?(?:esto )?(?:se )?(?:acabe|termine)"
        r"|ojala (?:ya )?(?:todo )?(?:esto )?se (?:acabe|termine)(?: ya| pronto| todo| de una bes)*$",
    ),
    (
        ("self_harm",),
        r"(?:ojala|quisiera) (?:yo )?(?:me )?ubiera (?:ido|muerto)|ojala me muera|(?:perdi|no tengo) (?:las )?ganas de bibir",
    ),
    # deseos pasivos, dichos sin la palabra
    (
        ("self_harm",),
        r"(?:ojala|quisiera|pido a dios|le pido a dios) (?:que )?(?:dios )?(?:me yebe|me recoja|me lleve|me yeve)|(?:que )?dios me (?:yebe|recoja) ya|(?:ojala|quisiera) (?:ya )?no despertar",
    ),
    (
        ("self_harm",),
        r"no (?:hay|beo|le beo|encuentro) (?:otra )?salida|no tiene (?:caso|sentido) (?:seguir|bibir)|mejor me muero|(?:quisiera|quiero) morirme ya|(?:para|pa) que sigo|mejor me adelanto|ya no quiero estar (?:aqui|en este mundo)",
    ),
    (
        ("self_harm",),
        r"(?:tengo|tiene) (?:un plan|las pastiyas guardadas|pastiyas guardadas)|(?:regale|regalando) (?:todas )?mis cosas{not_while}",
    ),
    # hallados por una prueba a ciegas (sesión 34): pastillas juntadas, despertar nunca, un puente
    (
        ("overdose", "self_harm"),
        # (no "escondiendo": quien tiene demencia esconde pastillas, quien cuida las esconde para cuidar)
        r"(?:guardando|juntando|ajuntando|aorrando|(?:e|a) (?:guardado|juntado)) (?:\w+ ){0,3}{means}"
        r"|(?:barios|muchos|todos los|\d+) parches (?:\w+ ){0,3}a la bes|me pongo (?:barios|muchos|todos) (?:los )?parches",
    ),
    (
        ("self_harm",),
        r"(?:para|pa) (?:ya )?no (?:despertar|bolber a despertar)|se (?:ba|va) a tirar (?:del|de un|de la|al|a las)|tirarse (?:del|de un|de la|al|a las)"
        r"|(?:se quiere|quiere) tirar (?:del|de un|de la|al)",
    ),
    # una cuarta prueba a ciegas (sesión 35): no amanecer, irse con el que se muere, el carro prendido
    # en la cochera, un puente sin sentido de volver a casa, las pastillas ya a la mano
    (
        ("self_harm",),
        r"&ya no (?:va a|ba a|boy a|vamos a) amaneser|no (?:le |me )?beo (?:el )?sentido (?:de |a )?(?:regresar|bolber|yegar) (?:a )?(?:la |mi )?casa"
        r"|(?:cuando|si) (?:\w+ ){1,3}(?:se muera|muera|se baya|se ba|falte) (?:\w+ ){0,3}(?:yo )?me boy con (?:el|eya)"
        r"|(?:carro|coche|troca|motor) (?:\w+ ){0,2}(?:prendido|ensendido|andando) (?:\w+ ){0,6}(?:garage|garaje|cochera|puerta serrada)"
        r"|(?:garage|garaje|cochera) (?:\w+ ){0,6}(?:carro|coche|troca|motor) (?:\w+ ){0,2}(?:prendido|ensendido|andando)"
        r"|ya tengo (?:las|mis) (?:pastiyas|pastillas|medisinas) (?:\w+ ){0,4}(?:rapido|pa ese dia|para ese dia|listas)",
    ),
    # una quinta (sesión 35): dejar de ser un problema, "se despacha", todas sus pastillas, la
    # insulina de una vez, el día escogido, no esperar al cáncer, aventarse, quemarse, golpearse
    (
        ("self_harm",),
        r"dejar de ser (?:un |una )?(?:problema|carga|estorbo)|(?:me|se|te) despach(?:o|a|aria)|despacharme|despacharse"
        r"|(?:tomarme|tomarse|me boy a tomar|se ba a tomar) tod[ao]s (?:\w+ ){0,2}{means}|(?:las|los) tengo contad[ao]s"
        r"|(?:me |se )?(?:inyecto|inyecta|inyectarme|inyectarse|pongo|poner) (?:\w+ ){0,1}toda la (?:insulina|morfina)"
        r"|(?:tengo|tiene) (?:ya )?escogido el dia|ya escogi el dia"
        r"|no (?:boy|ba|bamos) a esperar a (?:que|q) (?:el cancer|esto|la enfermedad)"
        r"|abentarme|abentarse|tirarme (?:al|del|de un|de la|a las|a un)"
        r"|me queme (?:\w+ ){0,4}(?:otra bes|a proposito|con el sigarro|con sigarros)"
        r"|me (?:golpee|pegue|pego) (?:\w+ ){0,2}(?:la cabesa|contra la pared) (?:\w+ ){0,3}(?:barias beses|a proposito|otra bes)",
    ),
    (
        ("self_harm",),
        # una sexta (sesión 35): en el puente y "ya me voy", terminar con esto esta noche
        r"&(?:parad[oa]|sentad[oa]|estoy) en el puente (?:\w+ ){0,12}(?:ya me boy|no boy a regresar|no buelbo)"
        r"|(?:esta noche|oy|mañana|manana) (?:termino|acabo|boy a terminar|boy a acabar) con (?:esto|todo)"
        # una séptima (sesión 35): todo el botiquín, Dios que perdonará, acabar antes que el cáncer,
        # tirarse del techo, ya no necesitar este número, un puente tan alto que no se sobreviva
        r"|me tomo todo lo (?:que|q) (?:ay|tengo) (?:en )?(?:el )?botiquin|me (?:boy|ba) a tomar todo lo (?:que|q) (?:ay|tengo)"
        r"|(?:dios|diosito|el senor) me (?:ba a |va a )?perdonar si (?:me |lo )?(?:adelanto|boy|ago|acabo|termino)|si me adelanto"
        r"|(?:prefiere|prefiero) acabar(?:me|se|lo)? (?:yo |el |eya )?antes (?:que|q)"
        r"|me (?:boy|ba) a tirar (?:del|de un|de la|al|a las|a un)"
        r"|ya no (?:boy|ba) a nesesitar (?:este|mi|el) (?:numero|telefono|selular)"
        r"|(?:manera|forma) de (?:no )?sobrebibir|(?:pa|para) (?:que|q) no sobrebiba|(?:pa|para) no sobrebibir",
    ),
    (
        ("self_harm",),
        # una novena (sesión 36): "hoy sí me atrevo", el arma a la mano (no "revolver": "volver" se
        # leería como ella), "me voy yo primero", una
        # manguera para el carro, "ya no me regreso", la puerta abierta "pa q me encuentren", lo guardado
        r"(?:oy|aora|aorita|esta noche|ya) si me atrebo|ya no le (?:ayo|aya|encuentro|encuentra|beo|be) sentido a nada"
        r"|(?:pistola|escopeta|cuchiyo|arma) (?:\w+ ){0,3}(?:debajo del colchon|bajo (?:la|su|mi) almoada|en la mesita)"
        r"|me boy yo primero|me boy (?:yo )?antes (?:que|q) el cancer"
        r"|manguera (?:\w+ ){0,10}(?:carro|coche|troca|escape)"
        r"|(?:y )?ya no me regreso(?! (?:a|al|pa|para|de) )"
        r"|(?:pa|para) (?:q|que) me (?:encuentren|aye|ayen|encuentre) (?:rapido|pronto|luego)"
        r"|(?:tomo|tomar|tomarme|me tomo|me boy a tomar) (?:todo )?lo (?:q|que) (?:tengo|tenia) guardado",
    ),
    # las cosas regaladas ("?": junto a la quimio o el hospicio son la historia de la enfermedad)
    (
        ("self_harm",),
        r"?ya no (?:lo|la|los|las) (?:ba|boy|bamos|a) a nesesitar|(?:regalo|regalando|regalado|regala) (?:\w+ ){0,2}(?:sus|mis) cosas{not_while}",
    ),
    (
        ("self_harm",),
        r"(?:quiero|quisiera) (?:irme|estar) con (?:mi (?:\w+ )?(?:esposo|esposa|mama|madre|papa|padre|hijo|hija|marido)|dios|el)(?! al| a la| en)|(?:pienso|pensando) en (?:la muerte|morirme|quitarme) todo el tiempo",
    ),
    (
        ("self_harm",),
        r"pensamientos de (?:morir|muerte|quitarme)|de que sirbe seguir|no beo el caso|ya no quiero estar bib[oa]|quisiera no existir|dormir(?:me)? para siempre|nadie me nesesita",
    ),
    # overdose and poisoning
    (("overdose",), r"sobredosis|enbenen\w*|intoxic\w*"),
    (("overdose",), r"{took} {gap}{excess} {gap}{means}|tomo demasiad\w* {gap}{means}"),
    (("overdose", "self_harm"), r"{took} {gap}(?:todas|todos|todo el|el frasco|un frasco|frasco entero) {gap}{means}"),
    (
        ("overdose", "self_harm"),
        r"(?:boy a|quiero|pienso|ba a|quiere) (?:tomarme|tragarme|tomar|tragar|tomarse|tragarse) {gap}{excess} {gap}{means}",
    ),
    (("overdose",), r"(?:tomo|bebio|trago|comio|ingirio|tome|bebi|trague|comi) {gap}{poison}"),
    # dosis contadas a lo largo del dia: "me tome otras cuatro", "3 mas de oxicodona", "80mg y mas"
    (
        ("overdose",),
        # "tomo" alone is also the present ("tomo otras 3 en la noche": a routine); "se tomo" is past
        r"(?:tome|se tomo|tomar|tomarme|tomarse|tomado|trague|se trago|tragar|tragarme) (?:\w+ ){0,1}(?:otr[ao]s|mas) {count} {gap}{means}"
        r"|(?:tome|se tomo|tomado|trague|se trago) (?:\w+ ){0,1}{count} (?:mas|extra) {gap}{means}"
        r"|(?:tome|se tomo|tomado) {gap}\d+ ?mg (?:de )?{means} (?:\w+ ){0,3}y (?:\w+ ){0,1}mas",
    ),
    (
        ("overdose",),
        # "se pone demasiada morfina": a patch or a shot is "put on", not taken
        r"(?:le di|le dimos|le dio|le dieron|se tomo|me tome|tomo|tome|se pone|se puso|me pongo|me puse|le ponen|le pusieron) (?:\w+ ){0,3}(?:de mas|doble dosis|dosis doble|dos dosis|demasiad\w*|el doble|doble|dos beses|mas de lo (?:que|recetado|indicado))"
        # más parches o pastillas que el que le toca ("tres parches en vez de uno")
        r"|(?:[2-9]|dos|tres|cuatro|sinco|seis) (?:\w+ ){0,1}parches (?:\w+ ){0,3}en bes de (?:uno|1)"
        # un niño que se tomó unas pastillas: nada es poco en un niño
        r"|(?:nino|nina|bebe|ijo|ija|nieto|nieta|niito|niita) (?:\w+ ){0,4}(?:se tomo|se trago|se comio) (?:\w+ ){0,3}{means}|se paso (?:de|con) (?:la )?dosis|(?:masco|mastico|se comio) (?:\w+ ){0,2}parche",
    ),
    # medical emergencies
    (
        ("emergency",),
        r"no (?:puedo|puede|podia|pueden|podemos) respirar|no respira|dejo de respirar|(?:me|le) cuesta (?:mucho )?respirar",
    ),
    (
        ("emergency",),
        r"(?:se|me) (?:esta |estoy )?aog(?:a|o|ando)|(?:labios|labio|cara|boca) (?:\w+ ){0,2}(?:morad|asul)\w*|(?:morad|asul)\w* (?:\w+ ){0,2}(?:labios|cara)",
    ),
    (("emergency",), r"se (?:puso|esta poniendo) (?:morad|asul)\w*"),
    (
        ("emergency",),
        r"espuma por la boca|ojos (?:en blanco|bolteados)|se (?:le|me) (?:boltearon|bolteo|fueron) (?:para atras )?los ojos|se cayo y no (?:se )?(?:puede|pudo) lebantar|(?:esta|se puso) (?:gris|palid[oa] y fri[oa])|no (?:le|me) (?:yega|entra) el aire|se le fue el aire|(?:no para|no deja) de temblar",
    ),
    (
        ("emergency",),
        r"dolor (?:\w+ ){0,2}(?:de|en el) pecho|(?:me|le) duele (?:mucho )?el pecho|(?:opresion|presion) en el pecho|infarto|ataque (?:al|del) corason",
    ),
    (
        ("emergency",),
        r"desmay\w*|desbanecio|perdio el conosimiento|inconsciente|insconsiente|inconsiente"
        r"|se (?:me|le) (?:fue|puso) todo negro",
    ),
    (
        ("emergency",),
        # now and in the telling ("no despertaba", "sigue sin despertar"), as rules/en.py's "wont wake up"
        # the cancer "ya no responde" (to what, unsaid) is resistance, not a person (rules/en.py)
        r"(?<!cancer )(?<!cancer ya )(?<!tumor )(?<!tumor ya )(?<!tumores )(?<!tumores ya )"
        r"no (?:responde|reacsiona|despierta|contesta|se despierta|respondia|reacsionaba|despertaba|contestaba)(?! (?:bien )?(?:a|al) (?:la |las |los |el |su |sus )?{treatment})"
        r"|sigue sin (?:despertar|responder|reacsionar)|no (?:lo|la|le) (?:puedo|podemos|pude|pudimos) despertar|no ay (?:forma|manera) de (?:despertarla|despertarlo)"
        r"|se (?:cayo|desplomo) y no|se desplomo|colapso",
    ),
    (
        ("emergency",),
        r"conbulsi\w*|ataque epileptico|tiene un ataque$|temblando y no"
        r"|ties[oa] (?:\w+ ){0,3}sacudi\w*|sacudiendose (?:\w+ ){0,4}(?:no para|en el piso)",
    ),
    (
        ("emergency",),
        r"derrame(?! pleural| pericardico| en el pulmon)|enbolia|cara (?:torsida|caida)|no puede ablar"
        # la cara caída de un lado, el habla que de repente no se entiende (sesión 34)
        r"|se (?:le|me) cayo (?:un lado de |la mitad de )?la cara|(?:de repente|derrepente) (?:\w+ ){0,3}(?:abla raro|no se le entiende)"
        r"|abla arrastrado|arrastra las palabras|abla (?:todo |muy |bien )?enredado|cara chueca|boca chueca"
        r"|peor dolor de cabesa de (?:mi|su) bida|dolor de cabesa como (?:un )?trueno"
        r"|(?:de repente|derrepente|de la nada|de pronto|de golpe) (?:\w+ ){0,8}(?:no sabe (?:en )?donde (?:esta|estamos)|no sabe quien (?:soy|es|somos)|ablando (?:puras )?incoerensias|incoerensias|no (?:me |nos |la |lo )?reconose)"
        r"|no (?:puede|puedo) mober (?:el|la|su|mi) (?:braso|pierna|lado|mano) (?:\w+ ){0,4}(?:derech[oa]|isquierd[oa])",
    ),
    (
        ("emergency",),
        # (no la cara sola: los esteroides la hinchan, y las llagas hacen difícil tragar)
        r"(?:lengua|labios) (?:\w+ ){0,2}(?:inchad[oa]s?|gord[oa]s?)|(?:lengua|labios) inchad\w* (?:\w+ ){0,6}(?:tragar|respirar)"
        r"|respir(?:o|a|ando) (?:bien|muy|super) despas(?:io|ito)|ronchas (?:\w+ ){0,8}(?:cuesta|no puede|dificil) (?:\w+ )?(?:tragar|respirar)",
    ),
    (
        ("emergency",),
        r"no (?:siento|siente) las piernas|no (?:puedo|puede) mober las piernas|no (?:puedo|puede) caminar"
        # un lado del cuerpo dormido o sin fuerza: señal de derrame (no los dedos dormidos de la quimio)
        r"|(?:se (?:me|le) (?:durmio|entumio|adormesio|paraliso|puso dormido)|(?:tengo|tiene) (?:dormido|entumido|adormesido|paralisado)) (?:todo |toda )?(?:el |la |mi |su )?(?:lado|mitad) (?:derech[oa]|isquierd[oa]|del cuerpo|de la cara)"
        r"|(?:el |mi |su )?lado (?:derecho|isquierdo) (?:\w+ ){0,3}(?:dormido|entumido|adormesido|paralisado|sin fuersa)"
        # la médula apretada: nada de la cintura para abajo
        r"|(?:no (?:siento|siente) nada|dormid[oa]s?|entumid[oa]s?|adormesid[oa]s?) (?:\w+ ){0,2}de la sintura (?:para|pa) abajo",
    ),
    (
        ("emergency",),
        r"(?:bomit\w*|tose|toso|tosiendo|escupe|escupiendo) (?:\w+ ){0,2}sangre|(?:bomit\w*|debolbiendo|debolbio) (?:\w+ ){0,3}cafe molido|sangr\w* (?:much[iy]simo|a mares)|(?:yena|yeno|yenado) (?:\d+|dos|tres|cuatro) toayas|sangr\w* (?:\w+ ){0,3}a chorros|chorros de sangre|(?:echa|echando|arroja|arrojando) sangre por la boca|(?:no para|no deja) de sangrar|sangr(?:a|ando) (?:mucho|sin parar)|emorragia",
    ),
    (("emergency",), r"se (?:me|le) (?:esta )?(?:sierra|serrando) la garganta|garganta (?:serrada|inchada)"),
    (
        ("emergency",),
        # la sangre que sale y no para (un puerto, una herida); el pecho apretado; la médula apretada:
        # las piernas sin fuerza y la orina que se escapa; un golpe en la cabeza y luego confusión o
        # vómito: 911 (sesión 35)
        r"&(?:sale|salio|saliendo|chorrea|chorreando|chorrear|chorreo|sangrar) (?:\w+ ){0,2}(?:sangre )?(?:\w+ ){0,6}no (?:se )?(?:para|detiene|quita)"
        r"|(?:me|le) aprieta (?:mucho )?el pecho|pecho apretado"
        r"|(?:piernas (?:\w+ ){0,2}sin fuersa|piernas no (?:le |me )?responden|no (?:pudo|puede) caminar) (?:\w+ ){0,10}(?:se orino|se (?:ise|iso|ace) pipi|se le sale la orina)"
        r"|(?:se orino|se ise pipi) (?:\w+ ){0,10}piernas (?:\w+ ){0,2}sin fuersa"
        r"|se (?:pego|golpeo|dio) (?:\w+ ){0,3}(?:en )?la cabesa (?:\w+ ){0,10}"
        r"(?:no sabe|confundid\w*|bomit\w*|no (?:me |nos |la |lo )?reconose|no despierta|muy dormid\w*)",
    ),
    (
        ("emergency",),
        # una novena (sesión 36): la presión baja en casa con fiebre o temblor (rules/en.py), casi no
        # despierta, una pierna fría y blanca, "se le parte la cabeza" y luego vómito o confusión
        r"&presion (?:\w+ ){0,5}[4-8]\d [1-6]\d\b.*\b(?:fiebre|temblando|tiembla|escalofrios|confundid\w*|mareado|mareada|39|40)\b"
        r"|\b(?:fiebre|temblando|tiembla|escalofrios|confundid\w*|39|40)\b.*\bpresion (?:\w+ ){0,5}[4-8]\d [1-6]\d\b"
        r"|se (?:duerme|queda dormid[oa]) mientras (?:le|la|lo) (?:ablo|ablamos)|casi no (?:despierta|se despierta|lo despierto|la despierto)"
        r"|(?:cuesta|cuesta mucho|costo) despertar(?:lo|la)"
        r"|(?:pierna|pie) (?:\w+ ){0,2}(?:fria|frio|elada|elado) (?:\w+ ){0,3}(?:blanca|palida|morada|blanco|palido|morado)"
        r"|se (?:le|me) (?:parte|partia|esta partiendo|partiera) la cabesa (?:\w+ ){0,12}(?:bomit\w*|confundid\w*|no be|no beia)",
    ),
    (
        ("overdose",),
        # la dosis tomada dos veces por olvido, y ahora mareado o sin poder pararse (sesión 36)
        r"&(?:tomo|se tomo|me tome|tome|le di|le dimos) (?:\w+ ){0,12}dos beses(?! (?:al|por|a la) (?:dia|semana))"
        r" (?:\w+ ){0,16}(?:mareado|mareada|no se puede parar|no despierta|muy dormid\w*|confundid\w*|bomit\w*)",
    ),
    # (la pregunta de si llamar se quita antes: WHETHER_TO_CALL abajo)
    (("emergency",), r"ambulansia|llamar? al 911|^911$"),
    # The word itself: quiet in a rallying cry (RALLY; rules/en.py says why).
    (("emergency",), r"!^emergensia$|es una emergensia"),
]

# Whole words some stems above stand for (rules/en.py says why the language model needs them).
WORD_FORMS = (
    "suicidio suicida suicidarme suicidarse sobredosis envenenado envenenada envenenamiento intoxicado "
    "intoxicada desmayo desmayado desmayada convulsiones convulsionando ahogado ahogada sangrado sangrando"
)

# A symptom asked about, not happening: the topic answers ("que es una convulsion").
ASKED_ABOUT = (
    r"(?:causa|causar|provoca|provocar|dar|da|dan) (?:\w+ ){0,2}(?:convulsion|convulsiones|derrames?)"
    r"|^(?:que es|que son) (?:una |un |las )?(?:convulsion|convulsiones|derrame)"
    r"|es normal (?:\w+ ){0,8}(?:convulsion|convulsiones|derrame)"
    # una clase de convulsion preguntada en general ("son peligrosas las convulsiones por fiebre"),
    # no las de alguien ("sus convulsiones son peligrosas?" son suyas, y pueden ser ahora)
    r"|^(?:son|es|pueden ser|puede ser) (?:muy |tan )?(?:peligros[oa]s?|graves?|daninas?|mortales?|hereditari[oa]s?|comunes)"
    r" (?:las |los |la |el |una |un )?(?:convulsion|convulsiones|derrames?)\b"
    r"|^(?:las |los |una |un )?(?:convulsion|convulsiones|derrames?) (?:\w+ ){0,2}(?:son|es|pueden ser|puede ser)"
    r" (?:muy |tan )?(?:peligros[oa]s?|graves?|daninas?|mortales?|hereditari[oa]s?|comunes)\b"
    r"|(?:convulsion|convulsiones|derrames?)(?: \w+){0,2} (?:se hereda|se heredan|es hereditari\w*|son hereditari\w*|es genetic\w*|son genetic\w*)"
    r"|(?:convulsion|convulsiones|derrames?) (?:\w+ ){0,2}(?:dejan|deja|causan|causa|hacen|hace) (?:\w+ ){0,2}(?:dano|danos|secuelas)"
    r"|diferencia entre (?:\w+ ){0,3}(?:convulsion|convulsiones|derrames?)"
    # cómo es una, sus señales, una que podría venir (sesión 34)
    r"|como (?:es|se ve|son) (?:una |un |las )?(?:convulsion|convulsiones|derrames?)"
    r"|(?:senales|sintomas|signos) de (?:una |un )?(?:convulsion|convulsiones|derrames?)"
    r"|(?:podria|puede|pueda) (?:tener|darle|dar) (?:una |un )?(?:convulsion|derrame)"
    r"|(?:si|cuando) (?:a )?(?:alguien|una persona|uno|un familiar) (?:le da|tiene|le dio) (?:una |un )?(?:convulsion|derrame)"
    # la diferencia entre dos, o cómo reconocerlos (sesión 35)
    r"|(?:que|q) diferencia (?:hay )?entre (?:un |una )?(?:\w+ ){0,2}(?:convulsion|derrame|desmayo)"
    r"|(?:que|q) (?:senales|sintomas) (?:\w+ ){0,2}(?:busco|buscar|debo|tengo que|tengo q|hay que|hay q|bigilar|bigilo)"
    # el miedo a que le dé uno, preguntando sus señales (sesión 36)
    r"|miedo (?:de |a )?(?:que|q) (?:me|le|nos) (?:de|den|vaya a dar) (?:un|una) (?:derrame|convulsion)"
)
ASKED_WORDS = frozenset({"convulsion", "convulsiones", "derrame"})
# La pregunta de si llamar, que no es llamar (ver en.py): "tengo q llamar al 911 cuando se muera?"
WHETHER_TO_CALL = (
    r"\b(?:(?:tengo|tenemos|tiene|tienen|hay|ay) (?:que|q)|debo|debemos|deberia|deberiamos|se debe|debe)"
    r" (?:de )?(?:llamar|yamar) al 911\b"
)
# Una sobredosis preguntada en general, sin nada tomado (ver en.py): "cuanta morfina es sobredosis".
OVERDOSE_ASKED = (
    r"(?:que pasa|que le pasa|que puede pasar) (?:\w+ ){0,3}(?:si|cuando) (?:alguien|una persona|uno|se)\b.*\bsobredosis"
    r"|(?:cuanta|cuanto|cuantas|cuantos|que cantidad|hay una cantidad|hay un limite)\b.*\bsobredosis"
    r"|(?:se puede|puede alguien|puede uno) (?:\w+ ){0,2}(?:dar|tener|hacer) (?:una )?sobredosis"
    r"|(?:riesgo|senales|sintomas) de (?:una )?sobredosis"
)
OVERDOSE_TAKEN = (
    r"\b(?:me tome|se tomo|tomo|tome|trago|le di|le dimos|le dieron|(?:tuvo|le dio|esta teniendo) una sobredosis)\b"
)

# Real words a few letters from a crisis word that real_words.py (the dictionary's common words:
# "esperar" is not "despertar", "consciente" is not "inconsciente") does not hold, written by sound:
# never "fixed" into it ("he pensado en separarme", leaving a husband, is not "dispararme").
REAL_WORDS = (
    "separarme",
    "separarse",
    "separar",
    "pasientes",
    "siendo",
    "conssientes",
    "consiente",
    "cuidando",  # not "cuando" (sesión 35): "8 meses cuidando a mi mama" is caregiving
)
# Caregiving or a treatment choice: a "?" rule ("ya no puedo mas") stays quiet (see en.py).
CARING = (
    r"cuidando|cuidar|cuido|cuida|cuidador\w*|quimio\w*|tratamiento|(?<!no esta en )(?<!todabia no en )hospicio"
    r"|(?<!not on )hospice|dejar (?:\w+ ){0,2}(?:quimio|tratamiento)"
    # a loved one's rest wished for by the one who cares ("que una parte de mi quiera que ya descanse")
    r"|(?:que|q) ya descanse|sufre (?:mucho|tanto)"
)
# An end-of-life story: an emergency word alone in it is the story, not a call for help now.
# ("todavia no esta en hospicio" no es una historia de hospicio)
CALM = (
    r"fayecio|murio|se nos fue|funeral|belorio|(?<!no esta en )(?<!todabia no en )hospicio|(?<!not on )hospice"
    r"|cuidados paliatibos|final de (?:su|la) bida|ultimos dias"
)
# Lying in a hospital bed now, or not coming home again (rules/en.py says why): an emergency sign
# alone is the story under care, not a 911 call.
WARD = (
    r"(?<!no )(?:esta|estan|sigue|siguen|lleba \w+ \w+) (?:(?!no )\w+ )?en (?:el hospital|la uci|uci|terapia intensiba|cuidados intensibos)"
    r"|(?<!no )(?:esta|sigue|quedo) (?:internad|hospitalisad)[oa]|(?:berlo|berla|bisitarlo|bisitarla) (?:al|en el) hospital"
    r"|ya no (?:ba a|puede) (?:regresar|bolber|salir) (?:a (?:la )?casa|del hospital)"
)
# A cause, not a person in danger (rules/en.py).
RALLY = r"no hay cura|(?:una|la) cura|inbestigasion|fondos|detecsion temprana|consiensia|la nesesitamos|los que tenemos"

# Text-speak spelled out before the rules read it.
SPELLING = [
    (r"q", "que"),
    (r"k", "que"),
    (r"xq|pq|xk", "porque"),
    (r"x", "por"),
    (r"d", "de"),
    (r"xfa", "por favor"),
]

# Accents tell a Spanish past tense from the present ("tomó" he took, "tomo" I take); folding
# drops them, so these are spelled out first.
PAST_WORDS = [
    ("tomó", "se tomo"),
    ("tomé", "me tome"),
    ("tragó", "se trago"),
    ("tragué", "me trague"),
    ("bebió", "se bebio"),
    ("ingirió", "ingirio"),
    ("comió", "se comio"),
]

# Warning signs that need the care team today (understanding/signs.py): the urgent page first.
# Unlike RULES above, these are matched on the folded text as written (not by sound).
SIGNS = [
    ("symptoms.urgent.fever", [r"fiebre|calentura|temperatura (?:de |alta)|escalofrios"]),
    (
        "symptoms.urgent.spine",
        [
            r"espalda|columna|cuello|pelvis|cadera|sacro|coxis",  # huesos cerca de los nervios de las piernas
            r"(?:piernas?|pies?) (?:\w+ ){0,3}(?:debil\w*|dormid\w*|entumid\w*|adormecid\w*|hormigue\w*|no (?:le |me )?responden)|(?:no puede|no puedo|le cuesta|me cuesta) (?:caminar|pararse|pararme)",
        ],
    ),
    (
        "symptoms.urgent.calcium",
        [
            r"calcio (?:\w+ ){0,2}(?:alto|elevado|subio)|hipercalcemia|mucha sed (?:\w+ ){0,8}(?:orina\w*|pipi|confundid\w*|estrenid\w*)"
        ],
    ),
    (
        "symptoms.urgent.clot",
        [
            r"coagulos?|trombosis|(?:pierna|brazo|pantorrilla|tobillo) (?:\w+ ){0,4}(?:hinchad\w*|inflamad\w*|roj\w*|calient\w*)"
        ],
    ),
    (
        "symptoms.urgent.brain",
        [
            r"peor dolor de cabeza|de repente (?:\w+ ){0,3}(?:confundid\w*|debil\w*|no (?:ve|veo)|dolor de cabeza)|un lado de(?:l| la| su) (?:cuerpo|cara)"
            r"|(?:lado|mitad) (?:derech[oa]|izquierd[oa]) (?:\w+ ){0,3}(?:dormid[oa]|entumid[oa]|adormecid[oa]|paralizad[oa]|sin fuerza)"
            r"|se (?:me|le) (?:durmio|entumio|adormecio|paralizo) (?:todo |toda )?(?:el |la |mi |su )?(?:lado|mitad)"
            # A seizure that happened (told from a ward, WARD holds the 911 back): this page first.
            r"|(?:le dio|le dieron|tuvo|ha tenido|le dan|esta teniendo) (?:una |otra |unas )?convulsion(?:es)?|convulsiono"
        ],
    ),
    (
        # Said as it happens: also an emergency (911 first), then this page.
        "symptoms.urgent.breathing",
        [r"no (?:puedo|puede|podia|pod\w+) respirar|(?:me|le) cuesta (?:mucho )?respirar"],
    ),
    (
        "symptoms.urgent.breathing",
        [
            r"(?:mas|cada vez mas) (?:\w+ ){0,3}(?:falta de aire|le falta el aire|me falta el aire|ahogad\w*)|(?:falta de aire|le falta el aire|me falta el aire) (?:\w+ ){0,4}(?:peor|mas)",
        ],
    ),
    (
        "symptoms.urgent.breathing",
        [r"(?:problemas|dificultad) (?:para|al) respirar"],
    ),
    (
        "symptoms.urgent.bleeding",
        [
            r"sangre en (?:\w+ ){0,2}(?:heces|orina|popo|vomito|excremento|flemas?|saliva)|(?:flemas?|saliva) con sangre|heces negras|popo negro|sangrado|sangra\w*"
        ],
    ),
]
