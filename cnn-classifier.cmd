@echo off
rem CNN Classifier launcher for Windows: the twin of ./cnn-classifier.
rem   cnn-classifier.cmd --headless --run "Train CNN Classifier" "data='test-images\digits',model='C:\tmp\digits.zip'"
rem   cnn-classifier.cmd -batch macro.ijm [argument]
rem   cnn-classifier.cmd install [--platform=all] C:\Users\me\Fiji.app
rem   cnn-classifier.cmd uninstall C:\Users\me\Fiji.app
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
echo cnn-classifier: building (mvn -q package -DskipTests) ... 1>&2
pushd "%HERE%"
call mvn -B -q package -DskipTests 1>&2
set "STATUS=%ERRORLEVEL%"
popd
if not "%STATUS%"=="0" exit /b %STATUS%
for %%j in ("%HERE%target\CNN_Classifier-*.jar") do call :pick "%%~fj"

:run
rem NB: the class path (about 40 jars) goes through CLASSPATH, not -cp: cmd.exe
rem limits a command line to 8191 characters.
for /f "usebackq delims=" %%c in ("%HERE%target\classpath.txt") do set "CLASSPATH=%JAR%;%%c"
set "VECTOR=--add-modules=jdk.incubator.vector"
if /i "%~1"=="install" set "VECTOR="
if /i "%~1"=="uninstall" set "VECTOR="
java %JAVA_OPTS% --add-opens=java.base/java.lang=ALL-UNNAMED %VECTOR% -Djava.awt.headless=true io.github.cnnclassifier.cli.Main %*
exit /b %ERRORLEVEL%

:pick
echo %~nx1 | findstr /i /c:"-tests.jar" /c:"-sources.jar" >nul || set "JAR=%~1"
exit /b 0
