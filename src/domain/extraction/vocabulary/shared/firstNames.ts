/**
 * Common first names in Switzerland, Germany, Austria and English-speaking countries. A single
 * capitalised word after "I'm"/"ich bin" is taken as a name only if it is one of these
 * ("Ich bin Marie" is a name; "Ich bin Diabetikerin" is not). Lower case, folded.
 */
export const FIRST_NAMES: readonly string[] = `
anna maria marie sophie sofia emma mia lena lea leonie laura lara julia hannah hanna sarah sara lisa
katharina katrin kathrin claudia sandra andrea nicole petra sabine susanne barbara monika ursula ruth
elisabeth heidi karin brigitte silvia sylvia daniela stefanie stephanie christina christine nina jana
jasmin jessica vanessa melanie martina franziska johanna carla chiara alessia elena valentina giulia
noemi nora olivia alina amelie charlotte clara ella emilia eva helena ida isabel isabelle jule lina
luisa louisa maja mila paula pia rosa selina sina tamara tanja theresa vera yvonne zoe manuela
corinne doris esther gabriela gabriele irene jacqueline karin lucia margrit marianne regula rita
verena beatrice beatrix cornelia denise fabienne janine michelle natalie nadine nathalie priska
rahel seraina simone tabea yasmin ayse fatima leyla zeynep amira aisha mariam
lukas luca leon noah elias liam ben jonas finn felix paul max maximilian louis luis david daniel
thomas michael andreas peter stefan stephan christian markus marcus martin matthias hans heinz
josef joseph klaus jürgen juergen wolfgang frank uwe rolf urs beat reto adrian marco mario
patrick philipp simon tobias florian dominik fabian julian kevin manuel marcel pascal raphael
samuel sebastian timo tim nico nicolas niklas oliver jan jonathan alexander alex benjamin
christoph dieter erich ernst fritz georg günter guenter gerhard helmut herbert horst karl kurt
otto rudolf walter werner bruno hugo kilian lars leo levin lorenz matteo mattia moritz nils
robin roman ruben silvan valentin yannick jannik joel dario enzo gian luc remo roger rene rené
sven theo till vincent ali ahmed mehmet mustafa omar yusuf hassan ibrahim emre can
james john robert william richard charles joseph thomas christopher matthew anthony mark donald
steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon frank benjamin gregory
samuel raymond patrick jack dennis jerry tyler aaron jose henry adam douglas nathan peter zachary
kyle walter harold jeremy ethan carl keith roger gerald christian terry sean arthur austin noah
oliver harry george charlie jack oscar archie freddie alfie
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha
katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha
jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia
judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie
isabella charlotte rose alexis kayla lucy amelia isla ava mia ella poppy grace chloe jane kate
`
  .split(/\s+/)
  .filter(Boolean);
