import type { SampleStory } from './types';

/** Spanish sample stories, each at A1–C2; written for opad, fictional people and places. */
export const STORIES_ES: SampleStory[] = [
  {
    topic: 'bike-lanes',
    language: 'es',
    outlet: 'El Correo de Lindenfeld',
    author: 'Lucía Montero Ribas',
    publishedTime: '2026-11-24T07:30:00Z',
    ago: '3 hours ago',
    versions: [
      {
        level: 'A1',
        title: 'Más bicis en Lindenfeld',
        paragraphs: [
          'Lindenfeld tiene carriles nuevos para bicis. Son 40 kilómetros en total. Los coches no pueden entrar en ellos.',
          'Ahora mucha gente va en bici. Antes había 8.000 viajes al día. Ahora hay 12.800 viajes al día. También hay menos accidentes.',
          'Tomás Ortega trabaja de enfermero. Va al hospital en bici cada día. «Antes tenía miedo en la calle», dice. «Ahora me siento seguro y llego antes».',
          'En la calle de las tiendas hay 300 aparcamientos menos. Pero las tiendas venden igual. Peter Lang tiene una panadería. Ahora más gente entra a tomar un café.',
          'La alcaldesa es Clara Weiss. Ella dice: «La calle es de todos». El plan cuesta 18 millones de euros. En 2028 habrá 25 kilómetros más.',
        ],
      },
      {
        level: 'A2',
        title: 'Lindenfeld tiene más ciclistas y menos accidentes',
        paragraphs: [
          'La ciudad de Lindenfeld ha construido 40 kilómetros de carriles bici protegidos. Las obras duraron dos años y terminaron hace un año.',
          'Los resultados son muy buenos. Antes había 8.000 viajes en bici cada día. Hoy hay 12.800, un 60 % más. Además, los accidentes con ciclistas han bajado un tercio.',
          'Tomás Ortega es enfermero y va en bici al hospital todos los días. «Antes tenía miedo en la carretera», dice. «Ahora me siento seguro y llego más rápido que en autobús».',
          'En la calle comercial, la ciudad quitó 300 plazas de aparcamiento. Los dueños de las tiendas tenían miedo de perder clientes. Pero una encuesta de la ciudad muestra que venden casi lo mismo.',
          'Peter Lang tiene una panadería y no quería los carriles. Ahora ve a más gente que para a tomar un café.',
          'La alcaldesa, Clara Weiss, está contenta. «Ahora la calle es de todos, no solo de los coches», dice. El proyecto ha costado 18 millones de euros. Un programa nacional ha pagado el 40 %.',
          'La ciudad ya tiene nuevos planes. Hasta 2028 quiere construir 25 kilómetros más. También va a hacer un garaje para 1.500 bicis en la estación de tren.',
        ],
      },
      {
        level: 'B1',
        title: 'Los carriles bici de Lindenfeld: más ciclistas, menos accidentes y las mismas ventas',
        paragraphs: [
          'Hace un año, Lindenfeld terminó su red de carriles bici protegidos, que tiene 40 kilómetros en total. La ciudad tardó dos años en construirla, y los primeros resultados son muy claros.',
          'Los viajes diarios en bicicleta han pasado de 8.000 a 12.800, lo que supone un aumento del 60 %. Al mismo tiempo, los accidentes con ciclistas han bajado en un tercio.',
          'Tomás Ortega, un enfermero que va cada día al hospital en bicicleta, nota la diferencia. «Antes tenía miedo en la carretera», explica. «Ahora me siento seguro y además llego más rápido que en autobús».',
          'No todo el mundo estaba a favor del proyecto. En la principal calle comercial desaparecieron 300 plazas de aparcamiento, y muchos comerciantes temían perder clientes. Sin embargo, una encuesta del ayuntamiento muestra que sus ventas se han mantenido más o menos iguales.',
          'Peter Lang, dueño de una panadería, estaba en contra del plan. Hoy reconoce que ve a más gente que se para a tomar un café.',
          'La alcaldesa, Clara Weiss, defiende el cambio: «Ahora la calle es de todos, no solo de los coches». El proyecto ha costado 18 millones de euros, y un programa nacional ha pagado el 40 %.',
          'La ciudad ya prepara los siguientes pasos. Hasta 2028 quiere añadir 25 kilómetros más y construir un garaje para 1.500 bicicletas en la estación de tren.',
        ],
      },
      {
        level: 'B2',
        title: 'Un año después, Lindenfeld comprueba el éxito de sus carriles bici protegidos',
        paragraphs: [
          'Un año después de que se inaugurara el último tramo, Lindenfeld ya puede medir el impacto de su red de carriles bici protegidos. La red, de 40 kilómetros, fue construida a lo largo de dos años, y los datos hablan por sí solos.',
          'Los carriles están separados físicamente del tráfico, lo que permite a los ciclistas circular sin compartir el espacio con los coches. Los desplazamientos diarios en bicicleta han aumentado de 8.000 a 12.800, lo que representa un crecimiento del 60 %. Además, los accidentes en los que se ven implicados ciclistas se han reducido en un tercio.',
          'Para Tomás Ortega, un enfermero que acude cada día en bicicleta al hospital, el cambio se nota sobre todo en la seguridad. «Antes pasaba miedo en la carretera; ahora me siento seguro y, encima, llego más rápido que en autobús», cuenta. Como él, miles de personas utilizan ahora la bici a diario.',
          'La medida, sin embargo, no estuvo libre de polémica. Para construir los carriles se eliminaron 300 plazas de aparcamiento en la principal calle comercial, y los comerciantes de la zona temían perder clientes. Ahora, una encuesta municipal indica que sus ventas se han mantenido prácticamente iguales.',
          'Uno de los que se opusieron al plan fue Peter Lang, propietario de una panadería, que temía que la falta de aparcamiento alejara a sus clientes. Hoy admite que ve a más gente que se detiene a tomar un café.',
          'La alcaldesa, Clara Weiss, resume así lo que ha cambiado: «La calle ahora es de todos, no solo de los coches». El proyecto ha costado 18 millones de euros, de los cuales el 40 % ha sido financiado por un programa nacional.',
          'Los planes de la ciudad no terminan aquí, ya que para 2028 se construirán otros 25 kilómetros de carriles. Además, está previsto un garaje con 1.500 plazas para bicicletas en la estación de tren, pensado para quienes combinan la bici con el tren.',
        ],
      },
      {
        level: 'C1',
        title:
          'Lindenfeld pedalea hacia otro modelo de ciudad: sus carriles bici protegidos superan la prueba del primer año',
        paragraphs: [
          'Cuando Lindenfeld emprendió la construcción de su red de carriles bici protegidos, no faltaron las voces escépticas, sobre todo entre los comerciantes de la principal calle comercial. Dos años de obras y 40 kilómetros después, la ciudad cumple ya un año de rodaje desde la apertura del último tramo. Y las cifras, por ahora, parecen dar la razón a quienes apostaron por la bicicleta.',
          'Los trayectos diarios en bicicleta han pasado de 8.000 a 12.800, lo que supone un incremento del 60 %. Al mismo tiempo, los accidentes con ciclistas implicados han disminuido en un tercio. Son dos datos que, leídos en conjunto, sugieren que más ciclistas no tienen por qué traducirse en más peligro.',
          'Tomás Ortega, enfermero que se desplaza a diario en bicicleta hasta el hospital, lo cuenta desde la experiencia de quien antes circulaba con el corazón en un puño. «Antes me daba miedo salir a la carretera; ahora me siento seguro y, para colmo, llego antes que en autobús», resume.',
          'El aspecto más espinoso del proyecto fue la supresión de 300 plazas de aparcamiento en la principal arteria comercial. Aquella decisión llevó a numerosos comerciantes a temer una sangría de clientes que pondría en peligro sus negocios. Sin embargo, una encuesta municipal revela ahora que sus ventas se han mantenido prácticamente estables, lo que desactiva, al menos por el momento, el argumento más repetido por los detractores.',
          'Peter Lang, propietario de una panadería, fue uno de los que se opusieron al plan desde el principio. Hoy, en cambio, reconoce que ve a más gente que se detiene a tomar un café, algo que difícilmente habría imaginado cuando se levantaron las primeras voces en contra.',
          'La alcaldesa, Clara Weiss, enmarca el cambio en una cuestión de reparto del espacio público: «La calle ahora es de todos, no solo de los coches». La factura asciende a 18 millones de euros, de los que un programa nacional ha costeado el 40 %, lo que ha aliviado notablemente la carga para las arcas municipales.',
          'Lejos de dar el proyecto por concluido, el ayuntamiento prevé ampliar la red en otros 25 kilómetros de aquí a 2028. También proyecta habilitar en la estación de tren un garaje con capacidad para 1.500 bicicletas, una pieza clave para enlazar el pedal con el ferrocarril.',
        ],
      },
      {
        level: 'C2',
        title:
          'Lindenfeld, un año después: el carril bici protegido desarma, de momento, a los agoreros del comercio',
        paragraphs: [
          'Transcurrido un año desde la apertura de su último tramo, la red de 40 kilómetros de carriles bici protegidos que Lindenfeld fue tejiendo durante dos años de obras ha dejado de ser una apuesta sobre el plano para convertirse en un balance con cifras que cualquiera puede escrutar. Y esas cifras, a diferencia de tantas predicciones formuladas al calor de la polémica, resultan difíciles de rebatir.',
          'Los desplazamientos diarios en bicicleta han pasado de 8.000 a 12.800, un alza del 60 % que, por sí sola, bastaría para hablar de éxito, pero que adquiere otra dimensión si se pone junto a la reducción en un tercio de los accidentes con ciclistas implicados. Más usuarios y menos siniestros: una combinación que contradice la intuición, tan extendida, de que multiplicar las bicicletas equivale a multiplicar los riesgos.',
          'Tomás Ortega, enfermero que acude a diario en bicicleta al hospital, lo expresa sin necesidad de estadísticas: «Antes pasaba miedo en la carretera; ahora me siento seguro y, de paso, llego antes que en autobús». Su testimonio, anecdótico si se quiere, condensa quizá lo que los números solo pueden sugerir, a saber, que la percepción de seguridad pesa tanto como el asfalto a la hora de decidir si uno se sube o no al sillín.',
          'Mención aparte merece el capítulo más espinoso, el de los comerciantes de la principal calle comercial, que vieron desaparecer 300 plazas de aparcamiento y auguraron, no sin cierto dramatismo, la desbandada de su clientela. Una encuesta municipal indica ahora que sus ventas se han mantenido, grosso modo, en los mismos niveles, lo que, si bien no equivale a un triunfo, sí desactiva el más recurrente de los argumentos en contra. Incluso Peter Lang, propietario de una panadería y opositor declarado del plan, reconoce hoy que ve a más gente detenerse a tomar un café, una concesión nada desdeñable viniendo de quien en su día temía justamente lo contrario.',
          'La alcaldesa, Clara Weiss, prefiere elevar el asunto al terreno de los principios: «La calle ahora es de todos, no solo de los coches», sostiene, en una frase con vocación de eslogan que, sin embargo, resume con bastante precisión el reparto del espacio público que está en juego. La factura, de 18 millones de euros, se ha visto amortiguada por un programa nacional que sufragó el 40 % de la inversión, y el ayuntamiento, lejos de darse por satisfecho, ya ha trazado la siguiente etapa: otros 25 kilómetros de carriles de aquí a 2028 y un garaje con 1.500 plazas para bicicletas en la estación de tren. Queda por ver si el modelo resiste el paso del tiempo, pero, por ahora, en Lindenfeld el pedal le ha ganado la partida al claxon.',
        ],
      },
    ],
  },
  {
    topic: 'solar-farm',
    language: 'es',
    outlet: 'Diario de Millbrook',
    author: 'Andrés Galindo Prieto',
    publishedTime: '2026-11-23T09:00:00Z',
    ago: '1 day ago',
    versions: [
      {
        level: 'A1',
        title: 'Energía del sol para Millbrook',
        paragraphs: [
          'Millbrook es un pueblo. Ahora tiene un parque solar con 9.000 paneles. Antes, este campo era un prado. Desde el lunes, el parque da electricidad.',
          'Más de 2.000 casas pueden usar esta energía. Las familias ahorran dinero en la luz. Son entre 20 y 35 euros al mes. Las familias con poco dinero reciben más.',
          'El parque cuesta 14 millones de euros. Algunos vecinos no querían el parque. Ahora hay árboles junto a la carretera. Y hay ovejas entre los paneles.',
          'Ruth Alvarez vive al lado. «El parque no hace ruido», dice. «Me gusta ver las ovejas por la mañana».',
          'El alcalde es Daniel Reyes. «Hacemos, pagamos y usamos la energía aquí», dice.',
          'El segundo parque abre el próximo verano. Puedes apuntarte la próxima semana. Puedes hacerlo en internet o en la biblioteca.',
        ],
      },
      {
        level: 'A2',
        title: 'Millbrook abre su primer parque solar para los vecinos',
        paragraphs: [
          'El pueblo de Millbrook ha terminado su primer parque solar comunitario. Está en un antiguo prado de 5 hectáreas y tiene 9.000 paneles. Desde el lunes, envía electricidad a la red. Después vendrán dos parques más.',
          'Más de 2.000 hogares pueden compartir esta energía. Los socios pagan menos en su factura de la luz cada mes. Así también participan personas que viven de alquiler o que no tienen tejado con sol.',
          'Una familia normal ahorra entre 20 y 35 euros al mes. Las familias con pocos ingresos reciben más. El parque ha costado 14 millones de euros. La región ha pagado la mitad.',
          'Algunos vecinos tenían miedo por las vistas y por perder tierra agrícola. Por eso, el pueblo ha plantado árboles junto a la carretera. Y las ovejas de los granjeros comen hierba entre los paneles.',
          'Ruth Alvarez vive al lado desde hace 30 años. «Pensaba que iba a ser feo y ruidoso, pero es muy tranquilo», dice. Le gusta ver las ovejas por la mañana.',
          'El alcalde, Daniel Reyes, dice: «Es energía hecha aquí, pagada aquí y usada aquí». El segundo parque abre el próximo verano. Las inscripciones empiezan la próxima semana, por internet y en la biblioteca.',
        ],
      },
      {
        level: 'B1',
        title: 'El primer parque solar comunitario de Millbrook ya produce electricidad',
        paragraphs: [
          'Millbrook ha terminado el primero de los tres parques solares comunitarios que quiere construir. Sus 9.000 paneles ocupan 5 hectáreas de un antiguo prado y envían electricidad a la red desde el lunes.',
          'El sistema está pensado para muchos vecinos: más de 2.000 hogares pueden compartir esta energía. Cada socio recibe un descuento en su factura mensual de la luz. De esta forma pueden participar también los inquilinos y las personas que no tienen un tejado soleado.',
          'Una familia típica ahorra entre 20 y 35 euros al mes, y los hogares con menos ingresos reciben una parte mayor. El proyecto ha costado 14 millones de euros. La mitad procede de una subvención regional para energías limpias, y la otra mitad es un préstamo a bajo interés. Se pagará en unos 15 años con la venta de electricidad.',
          'Al principio, algunos vecinos estaban preocupados por el paisaje y por la pérdida de tierras agrícolas. Para responder a estas críticas, el pueblo plantó árboles a lo largo de la carretera. Además, deja que las ovejas de los ganaderos pasten entre los paneles, porque así mantienen la hierba corta.',
          'Ruth Alvarez, que vive junto al terreno desde hace 30 años, esperaba algo feo y ruidoso. «Pero es muy tranquilo, y por la mañana me gusta ver las ovejas», cuenta.',
          'Para el alcalde, Daniel Reyes, el proyecto es «energía producida aquí, pagada aquí y usada aquí». El segundo parque abrirá el próximo verano, y la inscripción empieza la próxima semana en internet y en la biblioteca municipal.',
        ],
      },
      {
        level: 'B2',
        title: 'Millbrook pone en marcha su primer parque solar comunitario, abierto también a inquilinos',
        paragraphs: [
          'El municipio de Millbrook ha completado el primero de los tres parques solares comunitarios previstos, que vierte electricidad a la red desde el lunes. Las instalaciones, formadas por 9.000 paneles, ocupan 5 hectáreas de lo que antes era un prado.',
          'El modelo se basa en la participación colectiva, ya que más de 2.000 hogares pueden compartir la energía generada. Cada socio recibe un abono en su factura mensual de la luz, de modo que también pueden sumarse los inquilinos y quienes no disponen de un tejado soleado. Se trata de dos grupos que, por lo general, no pueden instalar paneles en su propia vivienda.',
          'Según los cálculos, un hogar típico ahorrará entre 20 y 35 euros al mes, mientras que las familias con bajos ingresos recibirán una parte mayor. La inversión, de 14 millones de euros, ha sido financiada a partes iguales por una subvención regional para energías limpias y por un préstamo a bajo interés. Este último será devuelto en unos 15 años con los ingresos de la venta de electricidad.',
          'No obstante, el proyecto no fue recibido con entusiasmo por todos. Algunos vecinos temían que se estropearan las vistas y que se perdieran tierras agrícolas. Para atenuar estas preocupaciones, el ayuntamiento plantó árboles a lo largo de la carretera. Además, permite que las ovejas de los ganaderos pasten entre los paneles, donde mantienen la hierba corta.',
          'Ruth Alvarez, que lleva 30 años viviendo junto al terreno, admite que esperaba algo feo y ruidoso. «Al final es muy silencioso, y por las mañanas disfruto viendo a las ovejas», explica.',
          'El alcalde, Daniel Reyes, resume la filosofía del proyecto en una frase: «Energía producida aquí, pagada aquí y consumida aquí». El segundo parque está previsto para el próximo verano, y las inscripciones se abrirán la próxima semana, tanto por internet como en la biblioteca municipal.',
        ],
      },
      {
        level: 'C1',
        title:
          'Sol, ovejas y factura compartida: Millbrook estrena el primero de sus tres parques solares comunitarios',
        paragraphs: [
          'Desde el lunes, los 9.000 paneles instalados sobre 5 hectáreas de un antiguo prado vierten electricidad a la red de Millbrook. Con ellos, el municipio ha culminado el primero de los tres parques solares comunitarios con los que aspira a transformar su abastecimiento energético. La iniciativa se distingue por un rasgo decisivo: la energía no se concibe como un negocio ajeno, sino como un bien que se reparte entre los propios vecinos.',
          'Más de 2.000 hogares pueden sumarse al reparto, y cada socio recibe un crédito en su factura mensual de la luz. Esta fórmula abre la puerta a colectivos tradicionalmente excluidos de la energía solar, como los inquilinos o quienes carecen de un tejado soleado. El ahorro estimado para un hogar típico oscila entre 20 y 35 euros mensuales, y las familias con menos ingresos perciben una parte proporcionalmente mayor.',
          'En cuanto a la financiación, los 14 millones de euros del proyecto se han cubierto a partes iguales. La mitad procede de una subvención regional destinada a energías limpias, y la otra mitad, de un préstamo a bajo interés que se amortizará en unos 15 años con la venta de la electricidad. En otras palabras, la instalación debería, en buena medida, costearse a sí misma.',
          'Como era de esperar, no todo fueron parabienes. Algunos vecinos recelaban del impacto visual y lamentaban la pérdida de suelo agrícola, dos objeciones que el ayuntamiento se tomó en serio. Para atajarlas, plantó árboles a lo largo de la carretera y permitió que las ovejas de los ganaderos pastaran entre los paneles, donde mantienen la hierba a raya.',
          'Ruth Alvarez, que lleva tres décadas viviendo junto al terreno, reconoce que se temía lo peor, es decir, algo feo y ruidoso. La realidad, admite, ha desmentido sus temores, porque el parque es silencioso y, por las mañanas, disfruta viendo pastar a las ovejas. Su caso ilustra hasta qué punto los temores iniciales pueden diluirse cuando un proyecto se convierte en una realidad tangible.',
          'El alcalde, Daniel Reyes, condensa el espíritu de la iniciativa en una fórmula que tiene algo de lema: «Energía producida aquí, pagada aquí y consumida aquí». El segundo parque abrirá el próximo verano. Quienes quieran adherirse podrán inscribirse a partir de la próxima semana, ya sea por internet o en la biblioteca municipal.',
        ],
      },
      {
        level: 'C2',
        title: 'Millbrook siembra paneles solares en un antiguo prado, y las ovejas siguen pastando',
        paragraphs: [
          'Hay algo de paradoja bucólica en la estampa que ofrece desde el lunes el antiguo prado de Millbrook: sobre sus 5 hectáreas se alinean 9.000 paneles solares que ya vierten electricidad a la red, mientras entre sus hileras pastan, con la indiferencia propia de su especie, las ovejas de los ganaderos de la zona. Se trata del primero de los tres parques solares comunitarios que el municipio tiene proyectados, y su puesta en marcha somete a examen un modelo que pretende algo más ambicioso que producir kilovatios, a saber, repartirlos.',
          'La fórmula, en apariencia sencilla, tiene un alcance nada desdeñable: más de 2.000 hogares pueden compartir la energía generada, y cada socio ve reflejada su participación en forma de crédito en la factura mensual de la luz, lo que permite incorporar a inquilinos y a cuantos carecen de un tejado soleado, que hasta ahora contemplaban la revolución fotovoltaica doméstica desde la barrera. Para un hogar típico, el ahorro oscila entre 20 y 35 euros al mes, y las familias de rentas bajas reciben una porción mayor del pastel, un criterio redistributivo que no siempre figura en iniciativas de este tipo.',
          'Tampoco la ingeniería financiera es un asunto menor. De los 14 millones de euros que ha costado la instalación, la mitad procede de una subvención regional para energías limpias y la otra mitad de un préstamo a bajo interés que, si las previsiones se cumplen, se saldará en unos 15 años con los ingresos de la venta de electricidad.',
          'Como casi cualquier infraestructura que altera el paisaje, el parque suscitó recelos: hubo vecinos que temían por las vistas y otros que lamentaban que se sacrificara suelo agrícola en aras de los kilovatios. El ayuntamiento optó por la vía del apaciguamiento, plantó árboles a lo largo de la carretera y abrió el recinto a las ovejas, que, de paso, hacen las veces de cortacésped al mantener la hierba corta.',
          'El testimonio de Ruth Alvarez, vecina del terreno desde hace 30 años, ilustra el giro mejor que cualquier encuesta, pues esperaba, confiesa, algo feo y ruidoso, y se ha encontrado con un lugar silencioso en el que, por las mañanas, se recrea contemplando a las ovejas. No es poca cosa, porque en materia de renovables la batalla decisiva rara vez se libra en los balances y casi siempre en la percepción de quienes viven al lado.',
          'El alcalde, Daniel Reyes, ha acuñado una fórmula que no desentonaría en un manual de economía de proximidad, «energía producida aquí, pagada aquí y consumida aquí», y que tiene, como todo lema, tanto de aspiración como de descripción. Queda por ver si el entusiasmo resiste la prueba del segundo parque, previsto para el próximo verano; de momento, las inscripciones se abren la próxima semana, por internet y en la biblioteca municipal, lo que permitirá calibrar hasta qué punto el vecindario ha hecho suya la idea.',
        ],
      },
    ],
  },
  {
    topic: 'night-train',
    language: 'es',
    outlet: 'Heraldo de Valmont',
    author: 'Marta Ibarra Soler',
    publishedTime: '2026-11-22T16:00:00Z',
    ago: '2 days ago',
    versions: [
      {
        level: 'A1',
        title: 'Un tren nuevo para la noche',
        paragraphs: [
          'Hay un tren nuevo de noche. Se llama «Estrella del Norte». Va de Valmont a Korsberg. Las dos ciudades están a 1.100 kilómetros.',
          'El tren sale a las 20:30. Llega a las 08:10. Ahora viaja tres días a la semana. En primavera viaja todas las noches.',
          'Un asiento cuesta 59 euros. Una cama cuesta 89 euros. Una cabina con ducha cuesta 180 euros. Las dos primeras semanas ya están llenas.',
          'Ana Ferreira es directora de Nordlicht Rail. «Mucha gente quiere viajar sin avión», dice. El tren contamina menos que el avión.',
          'Jonas Berg es estudiante. Para él, el tren es más barato. No paga avión ni hotel. «Y he dormido bien», dice.',
          'Pero hay problemas. Los vagones tienen 30 años. El primer viaje llegó 40 minutos tarde. Algunas camas son estrechas.',
        ],
      },
      {
        level: 'A2',
        title: 'El nuevo tren nocturno entre Valmont y Korsberg tiene mucho éxito',
        paragraphs: [
          'Un nuevo tren nocturno, el «Estrella del Norte», une ahora Valmont y Korsberg. Las dos ciudades están a 1.100 kilómetros de distancia. El tren sale a las 20:30 y llega a las 08:10.',
          'Ahora el tren viaja tres veces por semana. A partir de la primavera, va a viajar todas las noches. Un asiento cuesta 59 euros y una cama en un compartimento de seis personas, 89. Una cabina privada con ducha cuesta 180 euros.',
          'Los billetes para las dos primeras semanas se vendieron en pocos días. Ana Ferreira es la directora de la empresa Nordlicht Rail. «Mucha gente quiere viajar sin volar», explica. Además, con una noche en el tren no hay que pagar un hotel.',
          'El tren también es mejor para el clima. Un viaje produce solo una décima parte del CO2 del mismo trayecto en avión.',
          'Jonas Berg es estudiante y ya ha hecho el viaje. «Es más barato que un vuelo y un hotel, y he dormido bien», dice.',
          'Pero también hay problemas. Los vagones tienen 30 años, aunque los han renovado. La primera noche, el tren llegó 40 minutos tarde por unas obras en la vía. Y algunos viajeros dicen que las camas son estrechas.',
        ],
      },
      {
        level: 'B1',
        title: 'El tren nocturno «Estrella del Norte» une Valmont y Korsberg y agota sus primeros billetes',
        paragraphs: [
          'Un nuevo tren nocturno, el «Estrella del Norte», conecta ahora Valmont y Korsberg, dos ciudades separadas por 1.100 kilómetros. El tren sale a las 20:30 y llega a su destino a las 08:10 de la mañana siguiente.',
          'Por ahora circula tres veces por semana, pero a partir de la primavera lo hará todas las noches. Los precios dependen de la comodidad que busque cada viajero. Un asiento cuesta 59 euros, una cama en un compartimento de seis personas cuesta 89 y una cabina privada con ducha, 180.',
          'El interés ha sido enorme, porque los billetes de las dos primeras semanas se agotaron en pocos días. Ana Ferreira, directora de la empresa Nordlicht Rail, cree que la explicación es clara. «Mucha gente quiere viajar sin volar, y una noche en el tren ahorra una noche de hotel», afirma.',
          'El tren también tiene ventajas para el clima. Un viaje produce más o menos la décima parte del CO2 que genera el mismo trayecto en avión.',
          'Jonas Berg, un estudiante que ya ha probado el tren, está satisfecho. «Es más barato que un vuelo más un hotel, y he dormido bien», cuenta.',
          'Sin embargo, no todo ha funcionado perfectamente. Los vagones tienen 30 años y han sido renovados, pero algunos viajeros piensan que las camas son demasiado estrechas. Además, la primera noche el tren llegó con 40 minutos de retraso por unas obras en la vía.',
        ],
      },
      {
        level: 'B2',
        title:
          'El nuevo tren nocturno «Estrella del Norte» agota sus primeras plazas entre Valmont y Korsberg',
        paragraphs: [
          'Las ciudades de Valmont y Korsberg, separadas por 1.100 kilómetros, están conectadas desde hace poco por un nuevo tren nocturno, el «Estrella del Norte». El convoy sale a las 20:30 y llega a las 08:10, de modo que los pasajeros pueden hacer el trayecto mientras duermen. Así, al llegar, tienen todo el día por delante.',
          'De momento, el servicio funciona tres veces por semana, aunque está previsto que circule a diario a partir de la primavera. La oferta se ha diseñado para adaptarse a distintos tipos de viajeros y de presupuestos. Un asiento cuesta 59 euros, una cama en un compartimento de literas para seis personas sale por 89 y una cabina privada con ducha, por 180.',
          'La acogida ha sido muy buena, ya que los billetes de las dos primeras semanas se agotaron en cuestión de días. Para Ana Ferreira, directora de la operadora Nordlicht Rail, el éxito se explica por dos motivos. «Mucha gente quiere viajar sin volar, y una noche en el tren te ahorra una noche de hotel», señala.',
          'A estos motivos se añade el argumento ambiental, que importa a quienes se preocupan por el clima. De hecho, un trayecto en tren genera aproximadamente la décima parte del CO2 emitido por el mismo vuelo.',
          'El estudiante Jonas Berg, que ya ha hecho el viaje, lo tiene claro. «Sale más barato que un vuelo y un hotel, y además he dormido bien», asegura. Su experiencia confirma el argumento económico que defiende la empresa.',
          'No obstante, el comienzo no ha estado exento de problemas. Los vagones, que tienen 30 años, han sido renovados, pero algunos viajeros consideran que las camas son estrechas. Por otra parte, en su primera noche el tren llegó con 40 minutos de retraso debido a unas obras en la línea. Ninguno de estos inconvenientes, sin embargo, parece haber frenado el interés del público.',
        ],
      },
      {
        level: 'C1',
        title:
          'Dormir en Valmont y despertar en Korsberg: el «Estrella del Norte» reivindica el viaje nocturno',
        paragraphs: [
          'Quien sube al «Estrella del Norte» en Valmont a las 20:30 se despierta, si todo va según lo previsto, en Korsberg a las 08:10. Entre medias, el tren habrá recorrido de noche los 1.100 kilómetros que separan ambas ciudades. Por ahora, el nuevo servicio circula tres veces por semana, aunque a partir de la primavera pasará a hacerlo todas las noches.',
          'La tarifa varía en función del grado de comodidad que cada cual esté dispuesto a pagar: 59 euros por un asiento, 89 por una cama en un compartimento de literas para seis personas y 180 por una cabina privada con ducha. Es una horquilla amplia, capaz de atraer tanto a mochileros como a viajeros que no renuncian a cierta intimidad. Sea cual sea la opción elegida, la demanda ha desbordado la oferta inicial, hasta el punto de que las plazas de las dos primeras semanas se agotaron en apenas unos días.',
          'Ana Ferreira, directora de la operadora Nordlicht Rail, atribuye el tirón a un doble atractivo. «Mucha gente quiere desplazarse sin volar, y pasar la noche en el tren le ahorra una noche de hotel», sostiene. El argumento ecológico tampoco es desdeñable, puesto que cada trayecto genera aproximadamente una décima parte del CO2 que emitiría el mismo recorrido en avión.',
          'Jonas Berg, un estudiante que ya ha hecho el viaje, lo resume en términos muy prácticos. A su juicio, le sale más barato que un vuelo más una noche de hotel y, por si fuera poco, ha dormido bien. Su valoración coincide punto por punto con el diagnóstico de la operadora, lo que sugiere que el mensaje comercial no anda desencaminado.',
          'Con todo, el estreno no ha estado exento de contratiempos. Los vagones, con 30 años a sus espaldas, han sido sometidos a una renovación, lo que no impide que algunos viajeros echen en falta camas más anchas. Y la noche inaugural, unas obras en la línea provocaron un retraso de 40 minutos, un recordatorio de que la puntualidad del tren nocturno depende también del estado de la infraestructura.',
          'Se trata, en cualquier caso, de pequeños lunares en un servicio que ha arrancado con viento de cola. Si logra mantener el interés de los viajeros cuando circule a diario, podría consolidarse como una alternativa seria al avión en esta ruta.',
        ],
      },
      {
        level: 'C2',
        title:
          'El «Estrella del Norte» y la seducción del viaje lento: un tren nocturno con vagones treintañeros agota sus billetes',
        paragraphs: [
          'En plena era del vuelo barato y de la prisa erigida en norma, que un tren nocturno agote en cuestión de días los billetes de sus dos primeras semanas tiene algo de anomalía o, quizá, de síntoma. El «Estrella del Norte», que une Valmont y Korsberg, separadas por 1.100 kilómetros, parte a las 20:30 y deja a sus pasajeros en destino a las 08:10, con la promesa implícita de convertir el trayecto en una noche de sueño más o menos reparador.',
          'Por ahora, el servicio circula tres veces por semana, frecuencia que pasará a ser diaria a partir de la primavera, y su política de precios dibuja una escala de comodidades de resonancias casi decimonónicas: 59 euros por un asiento, 89 por una litera en un compartimento para seis personas y 180 por el privilegio de una cabina privada con ducha. Es una horquilla que, como en los viejos coches cama, permite a cada cual elegir su grado de intimidad, aunque el precio de la cabina deja claro que el lujo, también sobre raíles, se paga.',
          'Ana Ferreira, directora de la operadora Nordlicht Rail, lee la demanda en clave doble: «Mucha gente quiere viajar sin volar, y una noche en el tren ahorra una noche de hotel». A ese cálculo, que apela a un tiempo a la conciencia y al bolsillo, se suma una cifra difícil de soslayar, pues cada trayecto genera aproximadamente una décima parte del CO2 que emitiría el mismo vuelo.',
          'El estudiante Jonas Berg encarna a la perfección ese perfil de viajero: a su juicio, el tren sale más barato que la suma de un vuelo y una noche de hotel, y, para desconsuelo de los escépticos del traqueteo, asegura haber dormido bien. Su razonamiento, tan prosaico como elocuente, coincide punto por punto con el diagnóstico de la operadora, lo que no deja de ser un pequeño triunfo para el departamento comercial de Nordlicht Rail.',
          'Sería ingenuo, no obstante, pasar por alto las costuras del proyecto. Los vagones, que tienen ya 30 años, han sido sometidos a una renovación, aunque la cirugía estética no ha bastado para convencer a algunos viajeros, que siguen encontrando las camas estrechas. Y el estreno, como si el destino quisiera templar los ánimos, se saldó con 40 minutos de retraso a causa de unas obras en la línea, un recordatorio de que el mejor material rodante poco puede hacer cuando la infraestructura no acompaña.',
          'Nada de ello parece, de momento, empañar el entusiasmo inicial, aunque el verdadero examen llegará cuando el tren circule cada noche y la novedad, como suele suceder, deje paso a la rutina. Hasta entonces, el «Estrella del Norte» seguirá siendo, con sus virtudes y sus achaques, la prueba de que el viaje lento aún tiene quien lo reclame.',
        ],
      },
    ],
  },
];
