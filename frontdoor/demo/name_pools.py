"""Name frequency tables for a West Yorkshire population (relative weights, roughly ONS-shaped).

Weights are relative within a pool. British given names change with the birth cohort; the other
communities' pools are not split by cohort. Underscores stand for spaces.
"""

from __future__ import annotations

from .sampling import words

BRITISH_MALE_BY_ERA = {
    1960: "John:40 David:30 Michael:25 Peter:22 Robert:20 William:18 James:18 Brian:15 Alan:14 "
    "Richard:12 Anthony:12 Keith:10 Kenneth:10 Thomas:10 George:10 Ronald:8 Derek:8 Barry:8 "
    "Malcolm:6 Stephen:8 Christopher:6 Graham:6 Geoffrey:5 Roy:5 Terence:5 Dennis:5 Raymond:6 "
    "Frank:4 Harold:4 Albert:3 Arthur:4 Leslie:4 Colin:6 Norman:4 Trevor:5 Gordon:4 Edward:5 "
    "Patrick:4 Francis:3 Bernard:3 Clifford:2 Wilfred:1 Herbert:1 Cyril:1",
    1980: "David:30 Paul:28 Mark:28 Andrew:25 Stephen:24 Ian:18 Gary:18 Michael:20 Richard:16 "
    "Peter:12 Christopher:18 John:16 Robert:14 Darren:14 Neil:12 Simon:12 Jason:12 Martin:12 "
    "Kevin:12 Anthony:10 Craig:10 Lee:10 Steven:12 Wayne:8 Dean:8 Shaun:6 Carl:8 Jonathan:8 "
    "Matthew:10 James:12 Philip:8 Nigel:5 Graham:5 Stuart:6 Russell:4 Adrian:5 Jeremy:3 "
    "Robin:3 Glen:3 Daniel:6 Timothy:4 Jeffrey:2",
    2000: "Daniel:24 James:24 Thomas:20 Matthew:22 Christopher:18 Michael:16 Adam:14 Ryan:14 "
    "David:14 Luke:12 Jamie:12 Andrew:10 Liam:10 Jordan:10 Joshua:10 Robert:8 Ashley:6 "
    "Craig:8 Lee:6 Benjamin:8 Samuel:8 Jack:10 Callum:6 Joseph:8 Scott:6 Mark:6 Paul:5 "
    "Richard:5 Stephen:4 Aaron:5 Dean:4 Nathan:8 Jonathan:5 Kieran:5 Connor:5 Lewis:5 "
    "Alexander:5 Sean:5 Carl:3 William:6 Bradley:4 Reece:3",
    9999: "Oliver:20 Jack:20 Harry:18 George:14 Noah:14 Charlie:14 Jacob:12 Alfie:12 Freddie:10 "
    "Oscar:10 Leo:10 Thomas:12 James:12 William:10 Joshua:10 Ethan:10 Archie:10 Henry:8 "
    "Joseph:8 Samuel:8 Daniel:8 Max:6 Logan:6 Lucas:6 Mason:8 Riley:6 Isaac:6 Dylan:6 "
    "Alexander:6 Theo:8 Arthur:8 Jayden:5 Aiden:5 Tyler:5 Kai:4 Harrison:5 Finley:5 Reuben:3 "
    "Louie:4 Bobby:4 Tommy:4 Teddy:4 Callum:4 Liam:4 Ryan:4 Luke:4 Lewis:4 Connor:4 Jake:6 "
    "Harvey:5 Jenson:3 Ronnie:3",
}

BRITISH_FEMALE_BY_ERA = {
    1960: "Margaret:30 Susan:25 Patricia:22 Christine:20 Mary:20 Linda:18 Janet:18 Elizabeth:16 "
    "Barbara:15 Jean:15 Pauline:12 Carol:12 Kathleen:10 Maureen:10 Sandra:10 Anne:12 Joan:10 "
    "Dorothy:8 Sheila:8 Valerie:8 Brenda:8 Irene:7 Doreen:6 Eileen:6 Gillian:8 Jacqueline:8 "
    "Elaine:8 Helen:6 Diane:7 Shirley:6 Joyce:5 Marion:4 Beryl:3 Hilda:3 Rita:4 Wendy:6 "
    "Judith:6 Angela:8 Lesley:5 Edith:2 Mavis:2 Audrey:3 Winifred:1",
    1980: "Susan:16 Julie:20 Karen:20 Sarah:18 Joanne:16 Lisa:18 Nicola:14 Amanda:14 Tracey:14 "
    "Alison:12 Deborah:12 Claire:14 Helen:14 Michelle:14 Kelly:10 Emma:12 Elizabeth:8 Jane:10 "
    "Rachel:10 Louise:10 Samantha:10 Catherine:8 Donna:8 Dawn:8 Angela:8 Caroline:8 "
    "Jacqueline:6 Victoria:6 Kerry:6 Joanna:4 Rebecca:6 Wendy:4 Sharon:10 Andrea:5 Gemma:4 "
    "Heather:4 Janet:4 Carol:4 Lorraine:6 Beverley:4 Katherine:4 Melanie:4",
    2000: "Sarah:18 Laura:18 Emma:18 Rebecca:16 Gemma:14 Amy:14 Jessica:14 Hannah:14 "
    "Charlotte:14 Katie:12 Lauren:12 Stacey:8 Jade:10 Sophie:12 Rachel:10 Nicola:8 "
    "Danielle:8 Kirsty:6 Natalie:8 Claire:6 Zoe:6 Emily:10 Amanda:4 Kelly:6 Samantha:8 "
    "Victoria:8 Lucy:8 Jennifer:6 Kayleigh:5 Leanne:6 Chloe:8 Hayley:6 Michelle:5 Louise:5 "
    "Elizabeth:5 Stephanie:6 Holly:6 Natasha:5 Jodie:5 Abigail:5 Megan:5 Georgia:4",
    9999: "Olivia:18 Amelia:18 Isla:14 Ava:14 Emily:14 Sophia:10 Grace:12 Lily:14 Isabella:10 "
    "Mia:12 Poppy:10 Ella:12 Evie:10 Freya:10 Charlotte:10 Sophie:10 Jessica:10 Chloe:10 "
    "Ruby:10 Millie:8 Daisy:8 Florence:6 Phoebe:6 Scarlett:6 Ellie:10 Holly:6 Megan:8 "
    "Hannah:6 Lucy:6 Erin:6 Amber:6 Isabelle:6 Rosie:6 Willow:5 Harper:5 Matilda:5 Eva:6 "
    "Maisie:6 Layla:5 Lola:5 Imogen:5 Summer:4 Niamh:4 Keira:4 Leah:5 Caitlin:4 Bethany:5 "
    "Abigail:5 Molly:6 Elsie:5 Isabel:3 Lilly:3",
}

GIVEN_NAMES = {
    ("south_asian", "M"): "Mohammed:40 Muhammad:30 Mohammad:10 Ahmed:10 Ali:12 Imran:10 Adnan:6 "
    "Asif:8 Tariq:6 Zubair:5 Bilal:8 Usman:8 Hamza:10 Zain:8 Ibrahim:8 Yusuf:8 Hassan:8 "
    "Hussain:6 Abdul:10 Amir:6 Faisal:6 Kamran:6 Naveed:5 Shahid:6 Sajid:6 Khalid:5 Rizwan:5 "
    "Aamir:4 Arif:5 Irfan:5 Javed:5 Nadeem:5 Waqas:5 Zeeshan:4 Haroon:4 Ayaan:6 Musa:5 "
    "Idris:4 Rehan:4 Saif:4 Raza:3 Shakeel:4 Zahid:5 Abdullah:5 Umar:4",
    ("south_asian", "F"): "Fatima:12 Aisha:12 Ayesha:8 Zainab:10 Maryam:10 Amina:8 Khadija:6 "
    "Sana:8 Nadia:6 Saima:6 Shazia:6 Nazia:5 Rukhsana:5 Samina:5 Shabana:5 Nasreen:5 "
    "Farzana:5 Yasmin:8 Hina:5 Iqra:6 Aleena:5 Hafsa:6 Inaya:5 Anaya:5 Safa:4 Zara:8 Noor:6 "
    "Hajra:4 Sadia:5 Sumaira:4 Tahira:4 Parveen:5 Rubina:4 Asma:5 Bushra:4 Uzma:4 Mehreen:4 "
    "Ruqayyah:3 Eman:4 Haleema:4",
    ("indian", "M"): "Gurpreet:6 Harpreet:6 Jaspreet:4 Manjit:5 Sukhwinder:4 Amarjit:4 "
    "Jaswinder:4 Rajinder:5 Kuldip:4 Arjun:5 Rohan:5 Vikram:4 Sanjay:5 Rajesh:5 Amit:5 "
    "Sunil:4 Ravi:5 Anil:4 Deepak:4 Harjit:4 Ranjit:4 Karan:4 Dev:3 Aarav:4 Jasdeep:3",
    ("indian", "F"): "Priya:6 Sunita:5 Manpreet:6 Harpreet:5 Gurpreet:5 Jasvir:4 Rajwinder:4 "
    "Kamaljit:4 Anjali:4 Pooja:5 Neha:4 Asha:4 Meena:4 Kiran:5 Simran:5 Navdeep:4 "
    "Amandeep:4 Sukhjeet:3 Rani:3 Savita:3 Anika:4 Divya:3 Jasmine:3",
    ("polish", "M"): "Piotr:10 Krzysztof:8 Tomasz:10 Paweł:8 Michał:8 Łukasz:8 Marcin:8 "
    "Jakub:8 Kamil:6 Mateusz:6 Adam:6 Marek:6 Grzegorz:5 Andrzej:5 Wojciech:5 Dariusz:4 "
    "Rafał:5 Bartosz:5 Szymon:5 Jan:5 Filip:5 Antoni:4 Aleksander:4 Mariusz:4 Sebastian:4 "
    "Damian:4 Dawid:4 Ionuț:3 Andrei:4 Mihai:3 Tomas:3 Mantas:3 Lukas:3",
    ("polish", "F"): "Anna:10 Katarzyna:8 Małgorzata:6 Agnieszka:8 Magdalena:6 Joanna:6 "
    "Monika:6 Aleksandra:6 Ewa:5 Karolina:6 Natalia:6 Justyna:5 Marta:6 Dominika:4 "
    "Paulina:4 Zuzanna:4 Julia:5 Maja:4 Zofia:4 Oliwia:4 Agata:4 Beata:3 Iwona:3 Ioana:3 "
    "Elena:3 Andreea:3 Ieva:3",
    ("somali", "M"): "Mohamed:14 Abdi:12 Ahmed:10 Abdullahi:8 Hassan:8 Ali:8 Omar:6 Yusuf:6 "
    "Ismail:6 Abdirahman:6 Osman:5 Farah:5 Nur:4 Said:4 Hussein:5 Liban:3 Abdirizak:3 "
    "Guled:3 Mukhtar:3 Jama:3 Bashir:3 Khalid:3",
    ("somali", "F"): "Fadumo:8 Hodan:6 Amina:6 Ayan:6 Sahra:6 Hawa:6 Halima:5 Asha:6 Nimco:5 "
    "Ifrah:5 Ubah:4 Deeqa:4 Sagal:4 Hibo:4 Maryan:5 Faduma:4 Muna:4 Khadra:4 Safiya:3 "
    "Idil:3 Ilhan:3 Farhiya:3",
    ("nigerian", "M"): "Oluwaseun:4 Chukwuemeka:4 Emmanuel:8 David:6 Samuel:6 Daniel:6 "
    "Tunde:5 Babatunde:4 Adebayo:5 Olumide:4 Chinedu:4 Ikechukwu:3 Kunle:3 Femi:4 Obinna:4 "
    "Segun:4 Ayodele:3 Kwame:3 Kofi:3 Joseph:5 Michael:5 Victor:4 Tobi:3 Tochukwu:3 Uche:3",
    ("nigerian", "F"): "Blessing:6 Grace:5 Chioma:5 Funmilayo:4 Ngozi:5 Adaeze:4 Folake:4 "
    "Oluwakemi:3 Temitope:4 Abimbola:3 Chiamaka:4 Precious:5 Esther:5 Joy:5 Mercy:4 "
    "Yetunde:4 Bukola:3 Ifeoma:4 Nneka:4 Adwoa:2 Ama:2 Favour:4 Comfort:3 Funke:3",
    ("arabic", "M"): "Mohammed:10 Ahmad:8 Mahmoud:6 Omar:6 Khaled:5 Youssef:5 Ali:6 Hussein:5 "
    "Karim:4 Samir:4 Tariq:3 Walid:3 Ibrahim:5 Abdullah:5 Mustafa:5 Hamid:4 Rami:3 Zaid:4 "
    "Bilal:3 Adel:3 Nabil:3 Jamal:3 Hassan:4 Ayman:3 Fadi:3 Kamal:3 Rashid:3",
    ("arabic", "F"): "Fatima:6 Mariam:5 Nour:5 Layla:5 Rania:4 Hala:3 Lina:4 Sara:5 Huda:4 "
    "Amal:4 Yasmin:4 Reem:4 Dina:3 Hanan:3 Samira:3 Zahra:5 Rasha:3 Aya:4 Salma:4 Noura:3 "
    "Leila:3 Rana:3 Shirin:2 Shilan:2",
}

SURNAMES = {
    "british": "Smith:120 Jones:70 Taylor:60 Brown:55 Williams:50 Wilson:45 Johnson:40 "
    "Davies:38 Robinson:36 Wright:36 Thompson:35 Evans:32 Walker:40 White:30 Roberts:30 "
    "Green:30 Hall:30 Wood:30 Jackson:28 Clarke:28 Turner:24 Hill:26 Harris:24 Cooper:22 "
    "Ward:24 Lee:20 King:20 Harrison:20 Moore:20 Martin:20 Baker:18 Allen:18 Young:16 "
    "Mitchell:15 Lewis:16 Anderson:14 Scott:14 Bell:14 Shaw:18 Hughes:16 Holmes:14 "
    "Richardson:14 Parker:14 Marshall:14 Atkinson:14 Armitage:10 Barker:14 Dawson:12 "
    "Hirst:10 Sutcliffe:10 Pickles:6 Haigh:8 Whiteley:6 Lockwood:7 Brook:8 Firth:8 "
    "Crowther:6 Ramsden:5 Greenwood:10 Marsden:6 Bentley:8 Hudson:10 Fletcher:10 Kaye:6 "
    "Booth:10 Rhodes:8 Spencer:10 Moss:8 Fox:8 Webster:8 Sykes:10 Stead:6 Illingworth:5 "
    "Hargreaves:6 Thornton:8 Ellis:10 Mason:10 Morris:12 Murphy:10 Kelly:10 O'Brien:6 "
    "O'Connor:5 McDonald:6 Campbell:8 Stewart:6 Reid:6 Murray:6 Kennedy:5 Walsh:7 Byrne:4 "
    "Doyle:4 Lynch:3 Quinn:3 Gallagher:3 Thomas:20 Edwards:16 Price:8 Morgan:10 Phillips:10 "
    "Griffiths:8 Owen:6 Jenkins:6 Powell:6 Lloyd:6 Carter:10 Cook:10 Bailey:10 Bennett:10 "
    "Collins:8 Watson:12 Chapman:10 Dixon:10 Simpson:10 Wilkinson:12 Kirk:6 Pearson:8 Cox:6 "
    "Knight:6 Gray:8 Hunt:6 Mills:6 Palmer:6 Stevens:6 Russell:6 Ross:5 Butler:6 Barnes:6 "
    "Fisher:6 Lawson:5 Matthews:6 Ford:5 Hamilton:4 Graham:6 Wallace:4 Gibson:6 Grant:4 "
    "Lord:5 Foster:8 Kay:5 Hewitt:5 Nicholson:6 Storey:4 Pollard:4 Hepworth:5 Blackburn:6 "
    "Naylor:6 Riley:8 Hartley:8 Exley:3 Bottomley:4 Priestley:4 Oates:3 Wadsworth:4 Binns:4 "
    "Ambler:3 Fairbank:3 Stansfield:4 Horsfall:3 Gledhill:4 Broadbent:5 Ingham:4 "
    "Crossley:5 Laycock:3 Francis:6 Henry:5 Senior:3",
    "south_asian": "Khan:40 Hussain:30 Ahmed:25 Ali:25 Akhtar:12 Mahmood:10 Iqbal:12 Shah:12 "
    "Rehman:6 Rahman:8 Aslam:6 Mohammed:10 Qureshi:6 Chaudhry:6 Butt:6 Malik:10 Raza:5 "
    "Riaz:5 Hanif:5 Rashid:6 Javed:5 Sadiq:4 Hameed:4 Bashir:6 Nawaz:5 Yousaf:4 Saleem:4 "
    "Sharif:4 Anwar:4 Arshad:4 Latif:4 Majid:4 Siddique:3 Younis:3 Miah:8 Uddin:8 Islam:5 "
    "Choudhury:5",
    "indian": "Singh:30 Patel:30 Sharma:8 Kumar:8 Gill:8 Sandhu:6 Sidhu:5 Dhillon:5 Bains:4 "
    "Johal:4 Grewal:4 Mistry:5 Shah:5 Chauhan:4 Bhatti:4 Virdi:3 Sahota:4 Atwal:3 Mann:4",
    "polish": "Nowak:12 Kowalski:10 Wiśniewski:8 Wójcik:8 Kowalczyk:7 Kamiński:7 "
    "Lewandowski:7 Zieliński:6 Szymański:6 Woźniak:6 Dąbrowski:5 Kozłowski:5 Jankowski:5 "
    "Mazur:5 Kwiatkowski:5 Krawczyk:5 Piotrowski:4 Grabowski:4 Nowakowski:4 Pawłowski:4 "
    "Michalski:4 Zając:4 Wróbel:4 Popescu:3 Ionescu:3 Kazlauskas:2 Petrauskas:2 "
    "Jankauskas:2",
    "somali": "Mohamed:14 Ahmed:10 Ali:10 Hassan:8 Abdi:8 Osman:6 Farah:6 Hussein:6 Omar:5 "
    "Ibrahim:5 Warsame:4 Jama:4 Nur:4 Mohamud:5 Abdullahi:5 Yusuf:4 Egal:2 Duale:3 Aden:4 "
    "Elmi:3 Hersi:3 Ismail:4 Adan:3 Dirie:2 Samatar:2",
    "nigerian": "Okafor:6 Adeyemi:6 Okonkwo:5 Adebayo:5 Olawale:4 Eze:5 Nwosu:4 Ogunleye:4 "
    "Okoro:4 Adeleke:4 Balogun:4 Obi:4 Afolabi:4 Ogunbiyi:3 Mensah:4 Asante:3 Owusu:4 "
    "Boateng:3 Nwachukwu:3 Akinola:3 Ojo:4 Bello:3 Oladipo:3 Oyelaran:2 Uchenna:2",
    "arabic": "Ahmed:6 Hassan:5 Ali:5 Hussein:5 Mohammed:5 Abdullah:4 Al-Hashimi:2 Al-Masri:2 "
    "Haddad:3 Khalil:4 Mansour:3 Nasser:3 Saleh:3 Yousef:3 Aziz:3 Karim:3 Rahimi:3 Ahmadi:3 "
    "Hamid:3 Qasim:3 Mahmoud:3 Othman:2 Salem:2 Jaber:2 Darwish:2 Barzani:2 Rasul:2 Abbas:3",
}

# Surnames many South Asian and Sikh women carry instead of a family surname.
SOUTH_ASIAN_WOMENS_SURNAMES = "Begum:10 Bibi:6 Kauser:2 Akhtar:4 Parveen:2"

# The long tail: Yorkshire-shaped compounds (Ackroyd, Holroyd, Crossley...), each rare.
SURNAME_TAIL_HEADS = words(
    "Ack Ash Black Brad Brig Cal Clay Cold Cross Dews Ed Fair Farn Green Hal Heb Hol Holm "
    "Ing Kirk Lang Lid Mars Mid Nor Old Ott Pud Ram Rush Scho Shep Shel Stan Sow Thorn Tod "
    "Wad Whit Wig Wool Wors Ayk Bin Bram Crag Dent Elm Gar Hep"
)
SURNAME_TAIL_ENDS = words(
    "royd den ley ton field worth thwaite by ford well ham shaw cliffe bottom hurst stall "
    "ridge wood house gate"
)

# Spellings of one name that agencies write differently (transliteration, anglicisation).
TRANSLITERATIONS = (
    ("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed", "Mohamad"),
    ("Yusuf", "Yousef", "Yousuf", "Youssef", "Yusef", "Yousaf"),
    ("Ahmed", "Ahmad", "Ahmet"),
    ("Hussain", "Hussein", "Husain", "Hossain"),
    ("Hassan", "Hasan"),
    ("Aleksandra", "Alexandra"),
    ("Aleksander", "Alexander"),
    ("Fatima", "Fatimah", "Fatema"),
    ("Aisha", "Ayesha", "Aysha", "Aishah"),
    ("Zainab", "Zaynab", "Zeinab"),
    ("Maryam", "Mariam", "Miriam"),
    ("Ibrahim", "Ebrahim"),
    ("Abdullah", "Abdulla"),
    ("Abdirahman", "Abdurahman", "Abdulrahman"),
    ("Osman", "Usman", "Uthman", "Othman"),
    ("Mahmood", "Mahmud", "Mehmood", "Mahmoud", "Mohamud"),
    ("Chaudhry", "Choudhury", "Chowdhury", "Chaudhary"),
    ("Qureshi", "Kureshi", "Qureishi"),
    ("Rehman", "Rahman"),
    ("Iqbal", "Ikbal"),
    ("Siddique", "Siddiqui", "Siddiqi"),
    ("Khalid", "Khaled"),
    ("Layla", "Leila", "Laila"),
    ("Omar", "Umar"),
    ("Rashid", "Rasheed"),
    ("Hamid", "Hameed"),
    ("Fadumo", "Faduma", "Fatuma"),
    ("Krzysztof", "Krystof"),
    ("Oluwaseun", "Oluseun"),
    ("Sara", "Sarah"),
    ("Nour", "Noor"),
    ("Zahra", "Zehra"),
    ("Sahra", "Sahara"),
)

# Same-sex twin names close enough to fool a fuzzy comparison.
SIMILAR_TWIN_NAMES = {
    "M": (
        ("Aiden", "Aidan"),
        ("Jayden", "Jaden"),
        ("Connor", "Conor"),
        ("Harry", "Harvey"),
        ("Riley", "Reilly"),
        ("Tyler", "Taylor"),
        ("Mason", "Jason"),
        ("Louie", "Louis"),
    ),
    "F": (
        ("Lily", "Lilly"),
        ("Isabel", "Isobel"),
        ("Ella", "Ellie"),
        ("Leah", "Lea"),
        ("Sophie", "Sophia"),
        ("Evie", "Eve"),
        ("Alisha", "Alesha"),
        ("Maisie", "Macie"),
    ),
}
