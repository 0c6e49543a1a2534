@echo off
rem CNN Classifier launcher for Windows: the twin of ./cnn-classifier.
rem   cnn-classifier.cmd --headless --run "Train CNN Classifier" "data='test-images\digits',model='C:\tmp\digits.zip'"
rem   cnn-classifier.cmd -batch macro.ijm [argument]
rem   cnn-classifier.cmd install [--platform=all] C:\Users\me\Fiji.app
rem   cnn-classifier.cmd uninstall C:\Users\me\Fiji.app
rem   cnn-classifier.cmd --spark local[2] --run "Classify Folder with CNN" "folder='C:\data',model='C:\m.zip',results='C:\r.csv'"
rem Builds the project (mvn package) when target\ has no jar yet; after changing the
rem sources, run "mvn -B package -DskipTests" yourself. JAVA_OPTS passes JVM options.
setlocal EnableExtensions
set "HERE=%~dp0"
set "JAR="
for %%j in ("%HERE%target\CNN_Classifier-*.jar") do call :pick "%%~fj"
if not defined JAR goto build
if not exist "%HERE%target\classpath.txt" goto build
goto run

:build
if defined CNN_CLASSIFIER_NO_BUILD goto nojar
echo cnn-classifier: building (mvn -q package -DskipTests) ... 1>&2
pushd "%HERE%"
call mvn -B -q package -DskipTests 1>&2
set "STATUS=%ERRORLEVEL%"
popd
if not "%STATUS%"=="0" exit /b %STATUS%
rem NB: class-data archives of an older jar would never be used again.
del "%HERE%target\cnn-classifier-*.jsa" 2>nul
for %%j in ("%HERE%target\CNN_Classifier-*.jar") do call :pick "%%~fj"

:run
if "%~1"=="--spark" goto spark
rem NB: the class path (about 40 jars) goes through CLASSPATH, not -cp: cmd.exe
rem limits a command line to 8191 characters.
for /f "usebackq delims=" %%c in ("%HERE%target\classpath.txt") do set "CLASSPATH=%JAR%;%%c"
set "VECTOR=--add-modules=jdk.incubator.vector"
if /i "%~1"=="install" set "VECTOR="
if /i "%~1"=="uninstall" set "VECTOR="
set "JVM=--add-opens=java.base/java.lang=ALL-UNNAMED %VECTOR% -Djava.awt.headless=true io.github.cnnclassifier.cli.Main"
rem NB: class-data sharing (the JDK's AppCDS), as ./cnn-classifier: the first --run or -batch
rem after a build also writes the classes it loaded to target\cnn-classifier-run.jsa or
rem -batch.jsa, and later runs of that kind map them from there. A stale archive is not used,
rem silently; JAVA_OPTS=-Xshare:off turns sharing off. NB: SHIFT leaves the arguments
rem passed on to java as they were.
set "ARCHIVE="
:scan
if "%~1"=="" goto scanned
if /i "%~1"=="-batch" set "ARCHIVE=cnn-classifier-batch.jsa"
if /i "%~1"=="--batch" set "ARCHIVE=cnn-classifier-batch.jsa"
if "%~1"=="--run" if not defined ARCHIVE set "ARCHIVE=cnn-classifier-run.jsa"
shift
goto scan
:scanned
if not defined ARCHIVE goto plain
rem NB: -batch puts ImageJ's classes as ij1-patcher patches them first on the class path, as
rem ./cnn-classifier does: written once to target\imagej-patched.jar (cli\PatchedImageJ) when it
rem is not the newest of itself and classpath.txt.
set "PATCHED="
if /i not "%ARCHIVE%"=="cnn-classifier-batch.jsa" goto patched
set "PATCHED=%HERE%target\imagej-patched.jar"
set "NEWEST="
for /f "delims=" %%f in ('dir /b /o:d "%PATCHED%" "%HERE%target\classpath.txt" 2^>nul') do set "NEWEST=%%f"
if /i "%NEWEST%"=="imagej-patched.jar" goto patchedjar
rem NB: a stale jar is not used: if writing fails, ImageJ is patched at start as before.
del "%PATCHED%" 2>nul
set "NEWJAR=%PATCHED%.%RANDOM%"
java --add-opens=java.base/java.lang=ALL-UNNAMED -Djava.awt.headless=true io.github.cnnclassifier.cli.PatchedImageJ "%NEWJAR%" >nul 2>&1 && move /y "%NEWJAR%" "%PATCHED%" >nul
del "%NEWJAR%" 2>nul
:patchedjar
if exist "%PATCHED%" set "CLASSPATH=%PATCHED%;%CLASSPATH%"
:patched
set "PATCHEDARG="
if defined PATCHED set PATCHEDARG="%PATCHED%"
set "CDS=%HERE%target\%ARCHIVE%"
rem The archive is used when it is the newest of itself, the jar, classpath.txt and the patched jar.
set "NEWEST="
for /f "delims=" %%f in ('dir /b /o:d "%CDS%" "%JAR%" "%HERE%target\classpath.txt" %PATCHEDARG% 2^>nul') do set "NEWEST=%%f"
if /i not "%NEWEST%"=="%ARCHIVE%" goto write
java -XX:SharedArchiveFile="%CDS%" "-Xlog:cds*=off" %JAVA_OPTS% %JVM% %*
exit /b %ERRORLEVEL%

:write
rem NB: written to a file of its own, kept only when the run succeeded; only where the JVM can
rem write one (without a base archive, with -Xshare:off or in a read-only folder, it would fail
rem the run at its exit).
set "NEW=%CDS%.%RANDOM%"
java "-Xlog:cds*=off" %JAVA_OPTS% -XX:ArchiveClassesAtExit="%NEW%" -version >nul 2>&1 || goto nocds
del "%NEW%" 2>nul
java "-Xlog:cds*=off" %JAVA_OPTS% -XX:ArchiveClassesAtExit="%NEW%" %JVM% %*
set "STATUS=%ERRORLEVEL%"
if "%STATUS%"=="0" if exist "%NEW%" move /y "%NEW%" "%CDS%" >nul
del "%NEW%" 2>nul
exit /b %STATUS%

:nocds
del "%NEW%" 2>nul
:plain
java %JAVA_OPTS% %JVM% %*
exit /b %ERRORLEVEL%

:spark
rem Classify Folder with CNN on an in-process Spark (the spark\ module; README, "Screening-scale
rem folders on Spark"). NB: the --add-opens are Spark 3.5's own for Java 17 (JavaModuleOptions);
rem the class path (about 180 jars) comes from an argument file, as cmd.exe cuts long lines.
if not "%~3"=="--run" goto sparkusage
if not "%~4"=="Classify Folder with CNN" goto sparkusage
if "%~5"=="" goto sparkusage
if not "%~6"=="" goto sparkusage
set "SPARK=%HERE%spark"
set "THIN="
for %%j in ("%SPARK%\target\cnn-classifier-spark-*.jar") do set "THIN=%%~fj"
if not defined THIN goto sparkbuild
if exist "%SPARK%\target\classpath.args" goto sparkrun
:sparkbuild
if defined CNN_CLASSIFIER_NO_BUILD goto nospark
echo cnn-classifier: building the Spark job (mvn -q install -DskipTests; spark\: package) ... 1>&2
pushd "%HERE%"
call mvn -B -q install -DskipTests 1>&2
if not errorlevel 1 call mvn -B -q -f spark\pom.xml package -DskipTests 1>&2
set "STATUS=%ERRORLEVEL%"
popd
if not "%STATUS%"=="0" exit /b %STATUS%
for %%j in ("%SPARK%\target\cnn-classifier-spark-*.jar") do set "THIN=%%~fj"
:sparkrun
set "OPENS=--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
java %JAVA_OPTS% %OPENS% --add-modules=jdk.incubator.vector -Djava.awt.headless=true "-Dlog4j2.configurationFile=%SPARK%\launcher\log4j2.properties" @"%SPARK%\target\classpath.args" org.apache.spark.deploy.SparkSubmit --master "%~2" --conf spark.ui.enabled=false --conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector %OPENS%" --class io.github.cnnclassifier.spark.ClassifyFolderJob "%THIN%" "%~5"
exit /b %ERRORLEVEL%

:sparkusage
echo cnn-classifier: usage: --spark MASTER --run "Classify Folder with CNN" "folder=...,model=...,results=..." 1>&2
exit /b 2

:nospark
echo cnn-classifier: no Spark job in %SPARK%\target; run 'mvn install' here, then 'mvn -f spark\pom.xml package' 1>&2
exit /b 2

:nojar
echo cnn-classifier: no jar in %HERE%target; run 'mvn package' first 1>&2
exit /b 2

:pick
echo %~nx1 | findstr /i /c:"-tests.jar" /c:"-sources.jar" >nul || set "JAR=%~1"
exit /b 0
